package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small TOML encoder for {@code toToml} (BurntSushi/toml's layout for common values). */
final class Toml {
  private Toml() {}

  static String encode(Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    table(sb, m, "");
    return sb.toString();
  }

  private static void table(StringBuilder sb, Map<?, ?> m, String prefix) {
    Map<String, Object> sorted = new TreeMap<>();
    for (var e : m.entrySet()) {
      sorted.put(String.valueOf(e.getKey()), e.getValue());
    }
    List<String> tables = new ArrayList<>();
    String indent = prefix.isEmpty() ? "" : "  ".repeat(prefix.split("\\.").length);
    for (var e : sorted.entrySet()) {
      if (e.getValue() instanceof Map) {
        tables.add(e.getKey());
      } else if (e.getValue() != null) {
        sb.append(indent)
            .append(key(e.getKey()))
            .append(" = ")
            .append(value(e.getValue()))
            .append('\n');
      }
    }
    for (String t : tables) {
      String full = prefix.isEmpty() ? key(t) : prefix + "." + key(t);
      sb.append('\n').append(indent).append('[').append(full).append("]\n");
      table(sb, (Map<?, ?>) sorted.get(t), full);
    }
  }

  private static String key(String k) {
    return k.matches("[A-Za-z0-9_-]+") ? k : HelmFunctions.goQuote(k);
  }

  private static String value(Object v) {
    if (v instanceof String s) {
      return HelmFunctions.goQuote(s);
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && !Double.isInfinite(d)
          ? GoFormat.formatFloat(d, 'f', -1) + ".0"
          : GoFormat.formatFloat(d, 'g', -1);
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object o : l) {
        parts.add(value(o));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(v);
  }
}
