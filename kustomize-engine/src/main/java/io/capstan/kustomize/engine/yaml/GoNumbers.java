package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

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

  /** Formats a float64 like Go's {@code json.Marshal}. */
  public static String formatDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new io.capstan.kustomize.engine.KustomizeException(
          "json: unsupported value: " + (Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf"));
    }
    if (d == 0) {
      return "0";
    }
    double abs = Math.abs(d);
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (abs >= 1e-6 && abs < 1e21) {
      return bd.toPlainString();
    }
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    StringBuilder s = new StringBuilder();
    if (d < 0) {
      s.append('-');
    }
    s.append(digits.charAt(0));
    if (digits.length() > 1) {
      s.append('.').append(digits, 1, digits.length());
    }
    s.append('e').append(exp < 0 ? '-' : '+');
    int e = Math.abs(exp);
    s.append(e);
    return s.toString();
  }
}
