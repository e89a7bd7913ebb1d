package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.goencoding.GoFloats;
import io.capstan.goencoding.GoJson;

/** Formats numbers the way Go's encoding/json does (kustomize prints resources through JSON). */
public final class GoNumbers {
  private GoNumbers() {}

  /** Returns the text Go's JSON encoder would produce for this numeric node. */
  public static String format(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    return formatDouble(n.doubleValue());
  }

  /**
   * Formats a float64 like Go's {@code json.Marshal} (go-encoding's {@link GoFloats#json}), but
   * {@code -0} as {@code 0}: kustomize's output goes through JSON and back to YAML, where {@code
   * -0} reads back as the integer 0 ({@code kubectl kustomize} prints {@code 0}).
   */
  public static String formatDouble(double d) {
    if (d == 0) {
      return "0";
    }
    try {
      return GoFloats.json(d, 64);
    } catch (GoJson.UnsupportedValueException e) {
      throw new io.capstan.kustomize.engine.KustomizeException(e.getMessage());
    }
  }
}
