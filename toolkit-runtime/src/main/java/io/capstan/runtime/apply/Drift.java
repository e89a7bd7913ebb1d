package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decides "unchanged" as Flux does: the live object and the dry-run result of applying the desired
 * object are equal once server-maintained fields are removed ({@code metadata.managedFields},
 * {@code resourceVersion}, {@code generation}, {@code creationTimestamp}, {@code uid}, {@code
 * selfLink} and {@code status}).
 */
public final class Drift {

  private Drift() {}

  /** True when applying would change the live object. */
  public static boolean hasDrifted(JsonNode live, JsonNode dryRun) {
    return !comparable(live).equals(comparable(dryRun));
  }

  /**
   * A copy of {@code object} without the server-maintained fields {@link #hasDrifted} ignores (what
   * a diff of the two should show).
   */
  public static JsonNode comparable(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove("status");
    JsonNode metadata = copy.get("metadata");
    if (metadata instanceof ObjectNode m) {
      m.remove("managedFields");
      m.remove("resourceVersion");
      m.remove("generation");
      m.remove("creationTimestamp");
      m.remove("uid");
      m.remove("selfLink");
    }
    return copy;
  }
}
