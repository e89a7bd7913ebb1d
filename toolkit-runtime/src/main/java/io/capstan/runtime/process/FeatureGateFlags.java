package io.capstan.runtime.process;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * Flux's {@code --feature-gates=Name=true,Other=false}, shared by every controller that has gates:
 * defined once, each controller reads the gates it knows ({@link ControllerModule#featureGates()}),
 * and a gate that no controller of the command knows is refused.
 */
public final class FeatureGateFlags {

  @Option(
      names = "--feature-gates",
      defaultValue = "",
      description = "Comma-separated Name=true|false feature gates of the controllers.")
  String featureGates;

  /**
   * The gates given, in order.
   *
   * @throws IllegalArgumentException for an entry that is not {@code Name=true} or {@code
   *     Name=false}
   */
  public Map<String, Boolean> gates() {
    return parse(featureGates);
  }

  /** Parses Flux's flag value (empty: no gates); see {@link #gates()}. */
  public static Map<String, Boolean> parse(String flag) {
    Map<String, Boolean> gates = new LinkedHashMap<>();
    if (flag == null || flag.isBlank()) {
      return gates;
    }
    for (String entry : flag.split(",")) {
      String[] pair = entry.trim().split("=", 2);
      String value = pair.length == 2 ? pair[1].trim() : "";
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException(
            "invalid feature gate '" + entry.trim() + "': expected Name=true or Name=false");
      }
      gates.put(pair[0].trim(), Boolean.parseBoolean(value));
    }
    return gates;
  }

  /**
   * Refuses a gate in {@code gates} that is not in {@code known}.
   *
   * @throws IllegalArgumentException naming the first unknown gate and the supported ones
   */
  public static void requireKnown(Map<String, Boolean> gates, Collection<String> known) {
    for (String name : gates.keySet()) {
      if (!known.contains(name)) {
        Set<String> supported = new TreeSet<>(known);
        throw new IllegalArgumentException(
            "unknown feature gate '"
                + name
                + "' (supported: "
                + String.join(", ", supported)
                + ")");
      }
    }
  }
}
