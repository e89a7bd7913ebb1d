package io.capstan.notification.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson for the request bodies (compact JSON, fields in the order they are put). */
final class JsonBodies {

  static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
