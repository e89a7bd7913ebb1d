package io.capstan.image.automation.update;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the setter name from a line comment, the way Flux (kyaml's {@code fieldmeta}) does: the
 * comment minus its leading {@code #}s must be exactly one JSON object whose values are all
 * strings.
 *
 * <ul>
 *   <li>{@code # {"$imagepolicy": "ns:policy"}} (also {@code :tag}, {@code :name}, {@code :digest})
 *       — the shorthand Flux documents;
 *   <li>{@code # {"$ref": "#/definitions/io.k8s.cli.setters.ns:policy:tag"}} — the long kyaml
 *       setters form the shorthand expands to, which Flux still resolves (only in files that also
 *       contain the {@code "$imagepolicy"} token, since Flux screens files by it).
 * </ul>
 *
 * Anything else after the JSON object (another comment, text) makes it no marker, as in Flux.
 */
final class SetterMarker {

  /** The shorthand key. */
  static final String SHORTHAND = "$imagepolicy";

  /** The prefix of a long-form setter reference. */
  static final String REF_PREFIX = "#/definitions/io.k8s.cli.setters.";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
          .build();

  private SetterMarker() {}

  /** The setter named by {@code comment} (which starts with {@code #}), if it is a marker. */
  static Optional<String> setterOf(String comment) {
    int i = 0;
    while (i < comment.length() && comment.charAt(i) == '#') {
      i++;
    }
    String body = comment.substring(i);
    if (body.indexOf('{') < 0) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    // Go unmarshals into map[string]string: any non-string value (null aside) fails the comment.
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      JsonNode v = it.next().getValue();
      if (!v.isTextual() && !v.isNull()) {
        return longForm(node);
      }
    }
    JsonNode shorthand = node.get(SHORTHAND);
    if (shorthand != null && shorthand.isTextual() && !shorthand.asText().isEmpty()) {
      return Optional.of(shorthand.asText());
    }
    return longForm(node);
  }

  private static Optional<String> longForm(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith(REF_PREFIX)) {
      String name = ref.asText().substring(REF_PREFIX.length());
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
    return Optional.empty();
  }
}
