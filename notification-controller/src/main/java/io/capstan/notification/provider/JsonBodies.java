package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.goencoding.GoJson;

/**
 * Jackson for the request bodies, written as Go's {@code json.Marshal} writes them (compact, fields
 * in the order they are put, Go's escapes and numbers).
 */
final class JsonBodies {

  static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    return GoJson.marshalBytes(node);
  }

  static String bytesAsString(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
