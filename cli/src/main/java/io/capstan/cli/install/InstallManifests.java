package io.capstan.cli.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.meta.FluxLabels;
import io.capstan.cli.EmbeddedFolder;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The objects {@code capstan install} applies: {@code deploy/} (embedded in the cli jar) built by
 * the kustomize engine with its root {@code kustomization.yaml} rewritten for the {@link
 * InstallOptions}, the way {@code flux install} generates a kustomization over its bases.
 *
 * <p>The rewrite keeps everything of {@code deploy/kustomization.yaml} (the JVM ConfigMap generator
 * in particular) and sets: {@code namespace}; {@code resources} = the Namespace, the CRDs of the
 * chosen components (by their {@code app.kubernetes.io/component} label), the NetworkPolicies when
 * asked, the chosen controllers; Flux's labels with this namespace and version; one image per
 * controller ({@code <registry>/<controller>:<version>}); patches for {@code
 * --watch-all-namespaces}, {@code --log-level} (the first two arguments of every controller, as in
 * Flux's manifests) and {@code imagePullSecrets}. With the defaults the result equals {@code
 * kustomize build deploy/} less the CRDs of controllers Capstan does not install.
 */
public final class InstallManifests {

  /** Where {@code deploy/} is embedded in the cli jar. */
  public static final String FOLDER = "io/capstan/cli/deploy";

  private static final String CRDS = "crds/";
  private static final String POLICIES = "policies";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, String> deploy;

  private InstallManifests(Map<String, String> deploy) {
    this.deploy = deploy;
  }

  /** The {@code deploy/} tree embedded in the cli jar. */
  public static InstallManifests embedded() {
    return new InstallManifests(
        EmbeddedFolder.files(InstallManifests.class.getClassLoader(), FOLDER));
  }

  /** A {@code deploy/}-shaped tree given as files (relative path → content), for tests. */
  static InstallManifests of(Map<String, String> files) {
    return new InstallManifests(Map.copyOf(files));
  }

  /** The objects to apply, in the engine's output order. */
  public List<ObjectNode> build(InstallOptions options) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("capstan-install-");
      for (Map.Entry<String, String> file : deploy.entrySet()) {
        Path target = dir.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
      // JSON is YAML: the engine reads it like any kustomization.yaml
      Files.writeString(
          dir.resolve("kustomization.yaml"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(kustomization(options)));
      return customize(Kustomizer.create().build(dir), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * What {@code flux install}'s templates do that a kustomization of {@code deploy/} does not
   * express simply: {@code --cluster-domain} in the controllers' service addresses ({@code
   * --events-addr}, {@code --storage-adv-addr}), {@code --toleration-keys} as Pod tolerations, and
   * cluster-scoped RBAC names suffixed with the namespace (Flux's {@code nameSuffix: -<namespace>})
   * so that installs in two namespaces do not overwrite each other's bindings. Flux suffixes in
   * every namespace; Capstan keeps {@code deploy/}'s names in {@code flux-system}, so the default
   * install stays exactly {@code deploy/} and upgrading one renames nothing.
   */
  static List<ObjectNode> customize(List<ObjectNode> objects, InstallOptions options) {
    String suffix = options.namespace().equals("flux-system") ? "" : "-" + options.namespace();
    String domain = ".svc." + options.clusterDomain() + ".";
    for (ObjectNode object : objects) {
      String kind = object.path("kind").asText();
      if (!suffix.isEmpty()
          && (kind.equals("ClusterRole") || kind.equals("ClusterRoleBinding"))
          && object.path("metadata").path("name").asText().startsWith("capstan-")) {
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.put("name", metadata.path("name").asText() + suffix);
      }
      if (!suffix.isEmpty()
          && kind.equals("ClusterRoleBinding")
          && object.path("roleRef").path("kind").asText().equals("ClusterRole")
          && object.path("roleRef").path("name").asText().startsWith("capstan-")) {
        ObjectNode roleRef = (ObjectNode) object.get("roleRef");
        roleRef.put("name", roleRef.path("name").asText() + suffix);
      }
      if (kind.equals("Deployment")) {
        JsonNode pod = object.path("spec").path("template").path("spec");
        for (JsonNode container : pod.path("containers")) {
          JsonNode args = container.path("args");
          for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i).asText();
            if (arg.contains(".svc.cluster.local.")) {
              ((ArrayNode) args).set(i, arg.replace(".svc.cluster.local.", domain));
            }
          }
        }
        if (!options.tolerationKeys().isEmpty() && pod instanceof ObjectNode podSpec) {
          ArrayNode tolerations = podSpec.putArray("tolerations");
          for (String key : options.tolerationKeys()) {
            tolerations.addObject().put("key", key).put("operator", "Exists");
          }
        }
      }
    }
    return objects;
  }

  /** The rewritten root kustomization for {@code options}. */
  ObjectNode kustomization(InstallOptions options) {
    ObjectNode root =
        (ObjectNode) YamlReader.readAll(file("kustomization.yaml"), "kustomization.yaml").get(0);
    checkBase(root);
    root.put("namespace", options.namespace());

    ArrayNode resources = root.putArray("resources");
    resources.add("namespace.yaml");
    crdFiles(options.components()).forEach(resources::add);
    if (options.networkPolicy()) {
      resources.add(POLICIES);
    }
    options.components().forEach(resources::add);

    ObjectNode pairs = NODES.objectNode();
    pairs.put(FluxLabels.PART_OF_KEY, FluxLabels.PART_OF_VALUE);
    pairs.put(FluxLabels.INSTANCE_KEY, options.namespace());
    pairs.put(FluxLabels.VERSION_KEY, options.versionLabel());
    ObjectNode labels = root.putArray("labels").addObject();
    labels.set("pairs", pairs);
    labels.put("includeTemplates", true);

    ArrayNode images = root.putArray("images");
    for (String c : options.components()) {
      ObjectNode image = images.addObject();
      image.put("name", "capstan/" + c);
      image.put(
          "newName", options.registry().isEmpty() ? "capstan/" + c : options.registry() + "/" + c);
      image.put("newTag", options.version());
    }

    ArrayNode patches = root.putArray("patches");
    for (String c : options.components()) {
      ObjectNode patch = patches.addObject();
      patch.set("target", target(c));
      patch.put(
          "patch",
          jsonPatch(
              replace(
                  "/spec/template/spec/containers/0/args/0",
                  "--watch-all-namespaces=" + options.watchAllNamespaces()),
              replace(
                  "/spec/template/spec/containers/0/args/1", "--log-level=" + options.logLevel())));
    }
    if (!options.imagePullSecret().isEmpty()) {
      ObjectNode op = NODES.objectNode();
      op.put("op", "add");
      op.put("path", "/spec/template/spec/imagePullSecrets");
      op.putArray("value").addObject().put("name", options.imagePullSecret());
      ObjectNode patch = patches.addObject();
      patch.putObject("target").put("kind", "Deployment");
      patch.put("patch", jsonPatch(op));
    }
    return root;
  }

  /** The CRD files of {@code components}, by each CRD's component label, sorted. */
  List<String> crdFiles(List<String> components) {
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> file : deploy.entrySet()) {
      String path = file.getKey();
      if (!path.startsWith(CRDS) || !path.endsWith(".yml")) {
        continue;
      }
      JsonNode crd = YamlReader.readAll(file.getValue(), path).get(0);
      String component =
          crd.path("metadata").path("labels").path(FluxLabels.COMPONENT_KEY).asText();
      if (components.contains(component)) {
        files.add(path);
      }
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  /** Fails when deploy/ lists a resource this rewrite would silently drop. */
  private void checkBase(ObjectNode root) {
    for (JsonNode r : root.path("resources")) {
      String name = r.asText();
      boolean known =
          name.equals("namespace.yaml")
              || name.equals("crds")
              || name.equals(POLICIES)
              || InstallOptions.AVAILABLE.contains(name);
      if (!known) {
        throw new IllegalStateException(
            "deploy/kustomization.yaml lists '" + name + "', which capstan install does not know");
      }
    }
  }

  private String file(String path) {
    String text = deploy.get(path);
    if (text == null) {
      throw new IllegalStateException("deploy/" + path + " is missing from the cli jar");
    }
    return text;
  }

  private static ObjectNode target(String deployment) {
    ObjectNode target = NODES.objectNode();
    target.put("group", "apps");
    target.put("version", "v1");
    target.put("kind", "Deployment");
    target.put("name", deployment);
    return target;
  }

  private static ObjectNode replace(String path, String value) {
    ObjectNode op = NODES.objectNode();
    op.put("op", "replace");
    op.put("path", path);
    op.put("value", value);
    return op;
  }

  private static String jsonPatch(ObjectNode... ops) {
    ArrayNode array = NODES.arrayNode();
    for (ObjectNode op : ops) {
      array.add(op);
    }
    return array.toString();
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // a temp directory: best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
