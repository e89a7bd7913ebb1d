package io.capstan.notification.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * JSON written byte for byte as Go's {@code encoding/json} writes it (what Flux sends): compact
 * UTF-8, fields in insertion order, and {@code <}, {@code >}, {@code &}, U+2028, U+2029 escaped as
 * six-character {@code \\u} sequences. Those characters cannot occur outside strings in JSON, so
 * escaping them in the serialized text is exact.
 */
public final class GoJson {

  /** A plain mapper (for trees and parsing). */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private GoJson() {}

  /** {@code node} as Go would marshal it. */
  public static byte[] bytes(JsonNode node) {
    try {
      String text = MAPPER.writeValueAsString(node);
      StringBuilder out = new StringBuilder(text.length() + 16);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '<' -> out.append("\\u003c");
          case '>' -> out.append("\\u003e");
          case '&' -> out.append("\\u0026");
          case '\u2028' -> out.append("\\u2028");
          case '\u2029' -> out.append("\\u2029");
          default -> out.append(c);
        }
      }
      return out.toString().getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
