package io.capstan.runtime.cel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees as CEL values: objects become {@code Map<String, Object>}, arrays lists, integral
 * numbers {@code Long} (CEL {@code int}), other numbers {@code Double}, and {@code null} CEL's
 * null.
 */
public final class CelValues {

  private CelValues() {}

  /** The CEL value of {@code node}. */
  public static Object of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), of(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(of(item)));
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  /** The top-level fields of a JSON object as variables (e.g. {@code metadata}, {@code status}). */
  public static Map<String, Object> fieldsOf(JsonNode object) {
    Map<String, Object> fields = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> fields.put(e.getKey(), of(e.getValue())));
    return fields;
  }
}
