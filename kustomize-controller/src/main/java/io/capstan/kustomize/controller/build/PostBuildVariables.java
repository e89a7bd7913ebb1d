package io.capstan.kustomize.controller.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.kustomize.v1.GroupVersion;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.PostBuild;
import io.capstan.api.kustomize.v1.SubstituteReference;
import io.capstan.api.kustomize.v1.SubstituteStrategy;
import io.capstan.api.kustomize.v1.VariablesSourceKind;
import io.capstan.kustomize.controller.build.substitution.Envsubst;
import io.capstan.kustomize.controller.build.substitution.EnvsubstException;
import io.capstan.kustomize.engine.Kustomizer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Collects {@code postBuild} variables ({@code substituteFrom} ConfigMaps and Secrets in order,
 * then inline {@code substitute}, later ones winning; newlines removed from values, as Flux does)
 * and substitutes them into each rendered object with {@link Envsubst}, skipping objects labelled
 * or annotated {@code kustomize.toolkit.fluxcd.io/substitute: disabled}. Substitution runs when
 * {@code spec.postBuild} is set and either a variable is defined or {@code substituteStrategy:
 * Always}.
 */
final class PostBuildVariables {

  private static final String DISABLE_KEY = GroupVersion.GROUP + "/substitute";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern NAME = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9]*");

  private PostBuildVariables() {}

  /**
   * The variables of {@code k}; every value read from a Secret is also handed to {@code
   * secretValues} (e.g. {@code ReconcileContext::redact}) so messages quoting it can be masked.
   *
   * @throws IllegalArgumentException for a missing non-optional source or an invalid name
   */
  static Map<String, String> collect(
      KubernetesClient client, Kustomization k, Consumer<String> secretValues) {
    PostBuild postBuild = k.getSpec().getPostBuild();
    Map<String, String> vars = new LinkedHashMap<>();
    if (postBuild == null) {
      return vars;
    }
    String namespace = k.getMetadata().getNamespace();
    if (postBuild.getSubstituteFrom() != null) {
      for (SubstituteReference ref : postBuild.getSubstituteFrom()) {
        Map<String, String> data = read(client, namespace, ref);
        if (data == null) {
          if (Boolean.TRUE.equals(ref.getOptional())) {
            continue;
          }
          throw new IllegalArgumentException(
              "substitute from '" + ref.getKind() + "/" + ref.getName() + "' failed: not found");
        }
        if (ref.getKind() == VariablesSourceKind.Secret) {
          data.values().forEach(secretValues);
        }
        data.forEach((key, value) -> vars.put(key, withoutNewlines(value)));
      }
    }
    if (postBuild.getSubstitute() != null) {
      postBuild.getSubstitute().forEach((key, value) -> vars.put(key, withoutNewlines(value)));
    }
    for (String name : vars.keySet()) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'");
      }
    }
    return vars;
  }

  private static Map<String, String> read(
      KubernetesClient client, String namespace, SubstituteReference ref) {
    if (ref.getKind() == VariablesSourceKind.Secret) {
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null) {
        return null;
      }
      Map<String, String> data = new LinkedHashMap<>();
      if (secret.getData() != null) {
        secret
            .getData()
            .forEach(
                (key, value) ->
                    data.put(
                        key,
                        new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
      }
      return data;
    }
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    if (cm == null) {
      return null;
    }
    return cm.getData() == null ? Map.of() : cm.getData();
  }

  private static String withoutNewlines(String value) {
    return value == null ? "" : value.replace("\n", "");
  }

  /**
   * The objects of {@code k} with its variables substituted (the same list when substitution does
   * not run).
   *
   * @param strict Flux's {@code StrictPostBuildSubstitutions} feature gate: an unset variable
   *     without a default fails the build
   * @throws IllegalArgumentException for a missing non-optional source or an invalid name
   * @throws IOException naming the object whose substitution failed ({@code post build failed for
   *     'name': ...})
   */
  static List<JsonNode> substitute(
      KubernetesClient client,
      Kustomization k,
      List<JsonNode> objects,
      boolean strict,
      Consumer<String> secretValues)
      throws IOException {
    PostBuild postBuild = k.getSpec().getPostBuild();
    if (postBuild == null) {
      return objects;
    }
    boolean always = postBuild.getSubstituteStrategy() == SubstituteStrategy.Always;
    Map<String, String> vars = collect(client, k, secretValues);
    if (vars.isEmpty() && !always) {
      return objects;
    }
    return apply(objects, vars, strict);
  }

  /** The objects with {@code vars} substituted, {@code strict} as in {@link #substitute}. */
  static List<JsonNode> apply(List<JsonNode> objects, Map<String, String> vars, boolean strict)
      throws IOException {
    List<JsonNode> result = new ArrayList<>();
    for (JsonNode object : objects) {
      if (disabled(object)) {
        result.add(object);
        continue;
      }
      // Substitute in the YAML kustomize prints (as Flux does), so `replicas: ${n}` becomes a
      // number.
      String yaml = Kustomizer.render(List.of((ObjectNode) object));
      String text;
      try {
        text = Envsubst.eval(yaml, vars, strict);
      } catch (EnvsubstException e) {
        throw new IOException(
            "post build failed for '"
                + object.path("metadata").path("name").asText()
                + "': variable substitution failed: "
                + e.getMessage(),
            e);
      }
      JsonNode substituted = YAML.readTree(text);
      if (!(substituted instanceof ObjectNode)) {
        throw new IOException("substitution turned an object into " + substituted);
      }
      result.add(substituted);
    }
    return result;
  }

  private static boolean disabled(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return "disabled".equalsIgnoreCase(metadata.path("labels").path(DISABLE_KEY).asText())
        || "disabled".equalsIgnoreCase(metadata.path("annotations").path(DISABLE_KEY).asText());
  }
}
