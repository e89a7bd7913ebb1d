package io.capstan.goencoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Jackson trees in Go's JSON (needs jackson-databind, an optional dependency of this module: a
 * caller that writes trees has it already).
 *
 * <p>{@link GoJsonWriter} writes an object node in its own field order, as Go writes a struct; a
 * tree that stands for what Go holds as {@code map[string]any} (values decoded into {@code any}) is
 * first passed through {@link #asGoAny}, which sorts its keys as Go sorts map keys and makes its
 * numbers {@code float64}.
 */
public final class GoJsonTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GoJsonTrees() {}

  /**
   * The tree as Go holds it after decoding it into {@code any} and as it encodes that again: object
   * keys in UTF-8 byte order (as {@code encoding/json} writes map keys), every number a {@code
   * float64}. Arrays keep their order; strings, booleans and null are unchanged.
   */
  public static JsonNode asGoAny(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
      node.fields().forEachRemaining(fields::add);
      fields.sort((a, b) -> GoJson.compareUtf8(a.getKey(), b.getKey()));
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : fields) {
        copy.set(e.getKey(), asGoAny(e.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode(node.size());
      for (JsonNode e : node) {
        copy.add(asGoAny(e));
      }
      return copy;
    }
    if (node.isNumber() && !node.isDouble()) {
      return NODES.numberNode(node.doubleValue());
    }
    return node;
  }

  static boolean isTree(Object v) {
    return v instanceof JsonNode;
  }

  /**
   * Writes the tree {@code v}: objects in node order (sorted when the writer {@link
   * GoJsonWriter#treesAsMaps}), integral numbers as they are.
   */
  static void write(GoJsonWriter w, Object v) {
    JsonNode node = (JsonNode) v;
    if (node.isObject()) {
      w.beginObject();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      if (w.treesAsMaps()) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        it.forEachRemaining(fields::add);
        fields.sort((a, b) -> GoJson.compareUtf8(a.getKey(), b.getKey()));
        it = fields.iterator();
      }
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        w.key(e.getKey());
        write(w, e.getValue());
      }
      w.endObject();
    } else if (node.isArray()) {
      w.beginArray();
      for (JsonNode e : node) {
        write(w, e);
      }
      w.endArray();
    } else if (node.isNull() || node.isMissingNode()) {
      w.value(null);
    } else if (node.isTextual()) {
      w.value(node.textValue());
    } else if (node.isBoolean()) {
      w.value(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      w.value(node.bigIntegerValue());
    } else if (node.isFloat()) {
      w.number(node.floatValue(), 32);
    } else if (node.isNumber()) {
      w.number(node.doubleValue(), 64);
    } else if (node.isBinary()) {
      w.value(node.asText()); // Jackson's binary text is base64, as Go writes []byte
    } else if (node instanceof POJONode pojo) {
      w.value(pojo.getPojo());
    } else {
      w.value(node.asText());
    }
  }
}
