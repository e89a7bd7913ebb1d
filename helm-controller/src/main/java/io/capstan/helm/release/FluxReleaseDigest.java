package io.capstan.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.goencoding.GoJson;
import io.capstan.goencoding.GoJsonTrees;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest Flux's helm-controller records as {@code status.history[].digest}: {@code sha256:} of
 * the JSON encoding (Go's {@code json.Encoder}, trailing newline included) of its {@code
 * ObservedRelease} — name, version, info, chart metadata, config, manifest, hooks without the test
 * hooks (so running tests does not change it), namespace, labels — each field as Helm's Go structs
 * encode it. A history written by Flux therefore matches the releases Capstan reads, and the other
 * way round.
 *
 * <p>Times are Helm's RFC 3339 with nanoseconds; Capstan keeps them as instants and writes them in
 * UTC, so a release stored with another UTC offset (a helm CLI in a non-UTC time zone) digests
 * differently than Flux would (Flux runs in UTC in its pod).
 */
public final class FluxReleaseDigest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> INFO =
      List.of(
          "first_deployed",
          "last_deployed",
          "deleted",
          "description",
          "status",
          "rollback_revision",
          "notes",
          "resources");
  private static final List<String> METADATA =
      List.of(
          "name",
          "home",
          "sources",
          "version",
          "description",
          "keywords",
          "maintainers",
          "icon",
          "apiVersion",
          "condition",
          "tags",
          "appVersion",
          "deprecated",
          "annotations",
          "kubeVersion",
          "dependencies",
          "type");
  private static final List<String> MAINTAINER = List.of("name", "email", "url");
  private static final List<String> DEPENDENCY =
      List.of(
          "name",
          "version",
          "repository",
          "condition",
          "tags",
          "enabled",
          "import-values",
          "alias");
  private static final List<String> DEPENDENCY_REQUIRED = List.of("name", "repository");
  private static final List<String> HOOK =
      List.of(
          "name",
          "kind",
          "path",
          "manifest",
          "events",
          "last_run",
          "weight",
          "delete_policies",
          "output_log_policies");
  private static final List<String> HOOK_EXECUTION = List.of("started_at", "completed_at", "phase");

  private FluxReleaseDigest() {}

  /** {@code sha256:<hex>} of Flux's observed release JSON for {@code release}. */
  public static String of(Release release) {
    byte[] json = observedJson(release).getBytes(StandardCharsets.UTF_8);
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text Flux hashes: its {@code ObservedRelease} as Go's {@code json.Encoder} writes it. */
  public static String observedJson(Release release) {
    JsonNode tree = ReleaseCodec.MAPPER.valueToTree(release);
    ObjectNode o = NODES.objectNode();
    o.put("name", release.name() == null ? "" : release.name());
    o.put("version", release.version());
    o.set("info", pick(tree.path("info"), INFO, List.of()));
    o.set("chartMetadata", metadata(tree.path("chart").path("metadata")));
    JsonNode config = tree.path("config");
    o.set(
        "config",
        config.isObject() && !config.isEmpty() ? GoJsonTrees.asGoAny(config) : NullNode.instance);
    o.put("manifest", release.manifest() == null ? "" : release.manifest());
    o.set("hooks", hooks(release, tree.path("hooks")));
    o.put("namespace", release.namespace() == null ? "" : release.namespace());
    // The custom storage labels (not in the stored JSON; Helm reads them from the Secret).
    if (release.labels() == null || release.labels().isEmpty()) {
      o.set("labels", NullNode.instance);
    } else {
      o.set("labels", GoJsonTrees.asGoAny(ReleaseCodec.MAPPER.valueToTree(release.labels())));
    }
    return GoJson.encode(o);
  }

  private static JsonNode metadata(JsonNode metadata) {
    ObjectNode m = pick(metadata, METADATA, List.of());
    JsonNode maintainers = m.path("maintainers");
    if (maintainers.isArray()) {
      var list = NODES.arrayNode();
      maintainers.forEach(x -> list.add(x.isNull() ? x : pick(x, MAINTAINER, List.of())));
      m.set("maintainers", list);
    }
    JsonNode deps = m.path("dependencies");
    if (deps.isArray()) {
      var list = NODES.arrayNode();
      deps.forEach(x -> list.add(x.isNull() ? x : pick(x, DEPENDENCY, DEPENDENCY_REQUIRED)));
      m.set("dependencies", list);
    }
    if (m.path("annotations").isObject()) {
      m.set("annotations", GoJsonTrees.asGoAny(m.get("annotations")));
    }
    return m;
  }

  private static JsonNode hooks(Release release, JsonNode hooks) {
    var list = NODES.arrayNode();
    List<HookRecord> records = release.hooks() == null ? List.of() : release.hooks();
    for (int i = 0; i < records.size() && i < hooks.size(); i++) {
      if (records.get(i).isTest()) {
        continue;
      }
      ObjectNode h = pick(hooks.get(i), HOOK, List.of("last_run"));
      h.set("last_run", pick(hooks.get(i).path("last_run"), HOOK_EXECUTION, List.of("phase")));
      list.add(h);
    }
    return list.isEmpty() ? NullNode.instance : list;
  }

  /**
   * The fields {@code names} of {@code node} in that order, leaving out Go's empty values ({@code
   * omitempty}/{@code omitzero}) except for {@code required} fields.
   */
  private static ObjectNode pick(JsonNode node, List<String> names, List<String> required) {
    ObjectNode o = NODES.objectNode();
    for (String n : names) {
      JsonNode v = node.path(n);
      if (required.contains(n)) {
        o.set(n, v.isMissingNode() || v.isNull() ? defaultOf(n) : v);
      } else if (!empty(v)) {
        o.set(n, v);
      }
    }
    return o;
  }

  private static JsonNode defaultOf(String name) {
    return "last_run".equals(name) ? NODES.objectNode() : NODES.textNode("");
  }

  private static boolean empty(JsonNode v) {
    return v.isMissingNode()
        || v.isNull()
        || (v.isTextual() && v.asText().isEmpty())
        || (v.isContainerNode() && v.isEmpty())
        || (v.isBoolean() && !v.asBoolean())
        || (v.isNumber() && v.asDouble() == 0);
  }
}
