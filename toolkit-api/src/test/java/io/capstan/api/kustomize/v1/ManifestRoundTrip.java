package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.meta.ExtensibleObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Test support for "YAML → model → YAML" checks: reads example manifests from the classpath and
 * produces the trees to compare, with or without the fields our model does not declare.
 */
public final class ManifestRoundTrip {

  private static final ObjectMapper YAML = new YAMLMapper();

  /** Same as {@link #YAML} but writes only declared fields (drops any-getter output). */
  private static final ObjectMapper YAML_DECLARED_ONLY =
      new YAMLMapper().addMixIn(ExtensibleObject.class, DeclaredFieldsOnly.class);

  private ManifestRoundTrip() {}

  /** The manifest at {@code resource} (relative to {@code anchor}'s package) as a JSON tree. */
  public static JsonNode tree(Class<?> anchor, String resource) {
    try (InputStream in = open(anchor, resource)) {
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest at {@code resource} bound to {@code type}. */
  public static <T> T read(Class<?> anchor, String resource, Class<T> type) {
    try (InputStream in = open(anchor, resource)) {
      return YAML.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code value} as YAML text and parses that text back into a tree. */
  public static JsonNode writtenYaml(Object value) {
    return reparse(YAML, value);
  }

  /** Like {@link #writtenYaml} but without the fields kept only as unknown properties. */
  public static JsonNode writtenDeclaredFields(Object value) {
    return reparse(YAML_DECLARED_ONLY, value);
  }

  /**
   * A copy of {@code tree} without the given paths. Path syntax follows fieldpaths.py: {@code a.b}
   * descends into objects, {@code a[]} into every array item, {@code a{}} into every map value.
   */
  public static JsonNode without(JsonNode tree, List<String> paths) {
    JsonNode copy = tree.deepCopy();
    for (String path : paths) {
      remove(copy, new ArrayList<>(Arrays.asList(path.split("\\."))));
    }
    return copy;
  }

  private static void remove(JsonNode node, List<String> segments) {
    String head = segments.remove(0);
    boolean eachItem = head.endsWith("[]");
    boolean eachValue = head.endsWith("{}");
    String name = eachItem || eachValue ? head.substring(0, head.length() - 2) : head;
    if (!(node instanceof ObjectNode object) || !object.has(name)) {
      throw new IllegalArgumentException("no field '" + name + "' in " + node);
    }
    if (segments.isEmpty()) {
      object.remove(name);
      return;
    }
    JsonNode child = object.get(name);
    if (eachItem) {
      for (JsonNode item : (ArrayNode) child) {
        if (item.has(segments.get(0).replaceAll("(\\[]|\\{})$", ""))) {
          remove(item, new ArrayList<>(segments));
        }
      }
    } else if (eachValue) {
      child.forEach(value -> remove(value, new ArrayList<>(segments)));
    } else {
      remove(child, segments);
    }
  }

  private static JsonNode reparse(ObjectMapper mapper, Object value) {
    try {
      return YAML.readTree(mapper.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(Class<?> anchor, String resource) {
    InputStream in = anchor.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalArgumentException("no test resource " + resource + " next to " + anchor);
    }
    return in;
  }

  /** Jackson mix-in that switches the unknown-field any-getter off. */
  abstract static class DeclaredFieldsOnly {
    @JsonAnyGetter(enabled = false)
    abstract Map<String, Object> additionalProperties();
  }
}
