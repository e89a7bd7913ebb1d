package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.GoJson;

/** Jackson for the request bodies (compact JSON, fields in the order they are put). */
final class JsonBodies {

  static final ObjectMapper JSON = GoJson.MAPPER;

  private JsonBodies() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    return GoJson.bytes(node);
  }

  static String bytesAsString(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
