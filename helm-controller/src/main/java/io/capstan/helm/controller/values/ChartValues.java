package io.capstan.helm.controller.values;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.helm.v2.ValuesReference;
import io.capstan.helm.engine.GoFormat;
import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.engine.GoYamlEmitter;
import io.capstan.helm.engine.HelmException;
import io.capstan.helm.engine.Strvals;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values a HelmRelease installs with, composed as Flux's {@code ChartValuesFromReferences}:
 * each {@code valuesFrom} entry in order (a ConfigMap or Secret key, {@code values.yaml} by
 * default; a whole YAML document deep-merged over what came before, or with {@code targetPath} a
 * single value set at that path with Helm's {@code --set} parser, {@code --set-string} for a quoted
 * value and {@code --set-literal} with {@code literal}; an {@code optional} reference that is
 * missing is skipped), then {@code spec.values} merged last.
 */
public final class ChartValues {

  /** The key read when {@code valuesKey} is not set. */
  public static final String DEFAULT_VALUES_KEY = "values.yaml";

  private ChartValues() {}

  /**
   * The composed values.
   *
   * @param namespace the HelmRelease's namespace (for messages)
   * @throws ValuesReferenceException for a missing required reference or key, unreadable YAML, a
   *     value that cannot be set at its target path, or an unsupported kind
   */
  public static Map<String, Object> compose(
      String namespace, List<ValuesReference> refs, JsonNode values, ValuesSource source)
      throws ValuesReferenceException {
    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Optional<Map<String, String>>> read = new HashMap<>();
    for (ValuesReference ref : refs == null ? List.<ValuesReference>of() : refs) {
      String kind = ref.getKind() == null ? "" : ref.getKind().name();
      String key = valuesKey(ref);
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      if (!kind.equals("ConfigMap") && !kind.equals("Secret")) {
        throw new ValuesReferenceException(
            kind, namespace, ref.getName(), key, optional, "unsupported values reference kind");
      }
      Map<String, String> data =
          read.computeIfAbsent(
                  kind + "/" + ref.getName(),
                  k -> Optional.ofNullable(source.read(kind, ref.getName())))
              .orElse(null);
      if (data == null) {
        if (optional) {
          continue;
        }
        throw new ValuesReferenceException(
            kind, namespace, ref.getName(), key, false, "resource not found");
      }
      String text = data.get(key);
      if (text == null) {
        if (optional) {
          continue;
        }
        throw new ValuesReferenceException(
            kind, namespace, ref.getName(), key, false, "key not found");
      }
      String targetPath = ref.getTargetPath();
      if (targetPath != null && !targetPath.isEmpty()) {
        try {
          setPath(result, targetPath, text, Boolean.TRUE.equals(ref.getLiteral()));
        } catch (HelmException e) {
          throw new ValuesReferenceException(
              kind, namespace, ref.getName(), key, optional, e.getMessage());
        }
        continue;
      }
      Map<String, Object> doc;
      try {
        doc = GoYaml.parseMap(text);
      } catch (GoYaml.YamlException e) {
        throw new ValuesReferenceException(
            kind, namespace, ref.getName(), key, optional, e.getMessage());
      }
      result = merge(result, doc);
    }
    return merge(result, fromJson(values));
  }

  /** {@code valuesKey}, else {@code values.yaml}. */
  public static String valuesKey(ValuesReference ref) {
    String key = ref.getValuesKey();
    return key == null || key.isEmpty() ? DEFAULT_VALUES_KEY : key;
  }

  /**
   * Flux's config digest of {@code values}: {@code sha256:} and the hex SHA-256 of their YAML as
   * {@code sigs.k8s.io/yaml} writes it (sorted keys), so equal values always give equal digests.
   */
  public static String digest(Map<String, Object> values) {
    String yaml;
    try {
      yaml = GoYamlEmitter.marshal(values == null ? Map.of() : values);
    } catch (GoFormat.MarshalException e) {
      throw new IllegalArgumentException("values cannot be encoded: " + e.getMessage(), e);
    }
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256").digest(yaml.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(sum);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Flux's {@code ReplacePathValue}: {@code path=value} through Helm's {@code --set} parser, the
   * string parser for a value in single or double quotes (quotes removed), and the literal parser
   * when {@code literal}.
   */
  static void setPath(Map<String, Object> values, String path, String value, boolean literal)
      throws HelmException {
    if (literal) {
      Strvals.parseLiteralInto(path + "=" + value, values);
      return;
    }
    boolean singleQuoted = value.length() >= 1 && value.startsWith("'") && value.endsWith("'");
    boolean doubleQuoted = value.length() >= 1 && value.startsWith("\"") && value.endsWith("\"");
    if (singleQuoted || doubleQuoted) {
      Strvals.parseIntoString(path + "=" + trimQuotes(value), values);
      return;
    }
    Strvals.parseInto(path + "=" + value, values);
  }

  /** Go's {@code strings.Trim(s, "'\"")}: quotes removed from both ends. */
  private static String trimQuotes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == '\'' || s.charAt(start) == '"')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == '\'' || s.charAt(end - 1) == '"')) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Flux's {@code transform.MergeMaps}: {@code b} over {@code a}, maps merged recursively, any
   * other value of {@code b} replacing {@code a}'s.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new LinkedHashMap<>(a);
    for (Map.Entry<String, Object> e : b.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> bv && out.get(e.getKey()) instanceof Map<?, ?> av) {
        out.put(e.getKey(), merge((Map<String, Object>) av, (Map<String, Object>) bv));
      } else {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  /**
   * {@code spec.values} as Go reads JSON into {@code map[string]interface{}}: numbers become
   * float64 (a {@link Double}), so the digest matches Flux's.
   */
  static Map<String, Object> fromJson(JsonNode values) {
    if (values == null || values.isNull() || values.isMissingNode()) {
      return new LinkedHashMap<>();
    }
    if (!values.isObject()) {
      throw new IllegalArgumentException("spec.values must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) goValue(values);
    return map;
  }

  private static Object goValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> m.put(e.getKey(), goValue(e.getValue())));
      return m;
    }
    if (node.isArray()) {
      List<Object> l = new ArrayList<>(node.size());
      node.forEach(n -> l.add(goValue(n)));
      return l;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    return node.asText();
  }
}
