package io.capstan.api.testsupport;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.api.meta.ExtensibleObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads YAML manifests from the test classpath, binds them to the model and writes them back, and
 * tells which fields of a manifest the model kept only as unknown fields.
 */
public final class Manifests {

  /** A plain Jackson YAML mapper, as an application using toolkit-api would have. */
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The same mapper, but writing only the fields the model declares (no unknown fields). */
  private static final ObjectMapper DECLARED_ONLY =
      YAML.copy().addMixIn(ExtensibleObject.class, WithoutUnknownFields.class);

  private Manifests() {}

  /** The classpath resource parsed as a tree. */
  public static JsonNode tree(String resource) {
    try (InputStream in = Manifests.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Binds a tree to the model type. */
  public static <T> T bind(JsonNode tree, Class<T> type) {
    try {
      return YAML.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot bind to " + type.getName(), e);
    }
  }

  /** Writes the model as YAML text and parses that text again. */
  public static JsonNode writeAndReparse(Object model) {
    try {
      return YAML.readTree(YAML.writeValueAsString(model));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Paths ({@code spec.a[1].b}) of the fields of {@code original} that {@code model} did not bind
   * to a declared property and kept only as an unknown field.
   */
  public static SortedSet<String> unknownFieldPaths(JsonNode original, Object model) {
    JsonNode declared = DECLARED_ONLY.valueToTree(model);
    SortedSet<String> paths = new TreeSet<>();
    collectMissing(original, declared, "", paths);
    return paths;
  }

  private static void collectMissing(
      JsonNode original, JsonNode declared, String path, SortedSet<String> out) {
    if (original.isObject()) {
      for (Map.Entry<String, JsonNode> field : original.properties()) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JsonNode kept = declared == null ? null : declared.get(field.getKey());
        if (kept == null) {
          out.add(child);
        } else {
          collectMissing(field.getValue(), kept, child, out);
        }
      }
    } else if (original.isArray()) {
      for (int i = 0; i < original.size(); i++) {
        collectMissing(original.get(i), declared.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /** Mix-in that switches the any-getter of {@link ExtensibleObject} off. */
  abstract static class WithoutUnknownFields {
    @JsonAnyGetter(enabled = false)
    abstract Map<String, Object> additionalProperties();
  }
}
