package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Read-only accessors over an object's JSON, tolerant of missing fields. */
record ObjectView(JsonNode root) {

  JsonNode at(String pointer) {
    return root.at(pointer);
  }

  String text(String pointer) {
    JsonNode node = root.at(pointer);
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  long number(String pointer, long fallback) {
    JsonNode node = root.at(pointer);
    return node.isNumber() ? node.asLong() : fallback;
  }

  boolean has(String pointer) {
    JsonNode node = root.at(pointer);
    return !node.isMissingNode() && !node.isNull();
  }

  String kind() {
    return text("/kind");
  }

  String group() {
    String apiVersion = text("/apiVersion");
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** A condition from {@code status.conditions} by type. */
  Optional<Condition> condition(String type) {
    for (JsonNode c : root.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return Optional.of(
            new Condition(
                c.path("status").asText(""),
                c.path("reason").asText(""),
                c.path("message").asText("")));
      }
    }
    return Optional.empty();
  }

  boolean conditionIs(String type, String status) {
    return condition(type).map(c -> c.status().equals(status)).orElse(false);
  }

  record Condition(String status, String reason, String message) {
    boolean isTrue() {
      return "True".equals(status);
    }

    boolean isFalse() {
      return "False".equals(status);
    }
  }
}
