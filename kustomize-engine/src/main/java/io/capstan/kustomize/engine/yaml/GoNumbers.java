package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.capstan.goencoding.GoFloats;
import io.capstan.goencoding.GoJson;
import java.math.BigInteger;

/**
 * Formats numbers the way kustomize prints them: through Go's encoding/json and back through
 * go-yaml v2 ({@code sigs.k8s.io/yaml.JSONToYAML}).
 */
public final class GoNumbers {
  private GoNumbers() {}

  /** Returns the text Go's JSON encoder would produce for this numeric node. */
  public static String format(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    return formatDouble(n.doubleValue());
  }

  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");

  /**
   * Formats a float64 as {@code kubectl kustomize} prints it. kustomize writes a resource as JSON
   * ({@code json.Marshal}, go-encoding's {@link GoFloats#json}) and turns that into YAML with
   * {@code sigs.k8s.io/yaml}'s {@code JSONToYAML}: go-yaml v2 reads the JSON number back as an
   * integer when the text parses as an int64 or uint64 ({@code 1e15} was written {@code
   * 1000000000000000}; {@code -0} reads back as 0) and otherwise as a float64, which it writes with
   * {@code strconv.FormatFloat(f, 'g', -1, 64)} ({@code 1e-07}, {@code 1e+20}, {@code
   * 1.2345675e+06}). NaN and infinities fail as in {@code json.Marshal}.
   */
  public static String formatDouble(double d) {
    if (d == 0) {
      return "0";
    }
    String json;
    try {
      json = GoFloats.json(d, 64);
    } catch (GoJson.UnsupportedValueException e) {
      throw new io.capstan.kustomize.engine.KustomizeException(e.getMessage());
    }
    if (json.indexOf('.') < 0 && json.indexOf('e') < 0) {
      BigInteger i = new BigInteger(json);
      if (i.compareTo(INT64_MIN) >= 0 && i.compareTo(UINT64_MAX) <= 0) {
        return json;
      }
    }
    return GoFloats.format(d, 'g', 64);
  }

  /**
   * An integer as it reads back after a trip through a Go float64 and {@code json.Marshal}
   * (kustomize's JSON patches): the integer the JSON text holds when go-yaml reads it as one
   * (9007199254740993 becomes 9007199254740992), else a float ({@code 18446744073709551615} is
   * written {@code 18446744073709551616}, {@code -9223372036854775808} {@code
   * -9223372036854776000}, both beyond 64 bits).
   */
  public static JsonNode throughFloat64(JsonNode integral) {
    double d = integral.doubleValue();
    if (d == 0) {
      return LongNode.valueOf(0);
    }
    String json = GoFloats.json(d, 64);
    if (json.indexOf('.') < 0 && json.indexOf('e') < 0) {
      BigInteger i = new BigInteger(json);
      if (i.bitLength() < 64) {
        return LongNode.valueOf(i.longValue());
      }
      if (i.signum() > 0 && i.compareTo(UINT64_MAX) <= 0) {
        return BigIntegerNode.valueOf(i);
      }
    }
    return DoubleNode.valueOf(d);
  }
}
