package io.capstan.image.automation.update;

import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * How a new value is written in place of a scalar, keeping the scalar's quoting style. A plain
 * scalar stays plain unless the value would then read back as something else: values that YAML 1.1
 * (the Kubernetes API server's YAML) reads as a bool, null or number are double-quoted, as Flux's
 * kyaml does ({@code FormatNonStringStyle}); values that cannot be plain at all (indicators, {@code
 * ": "}, {@code " #"}) are single-quoted, as the Go YAML emitter does.
 */
final class ScalarText {

  private static final Set<String> YAML11_KEYWORDS =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
          "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null",
          "NULL", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
          ".nan", ".NaN", ".NAN");

  /** Go's strconv.ParseInt(s, 0, 64) syntax, after yaml.v2 removed underscores. */
  private static final Pattern YAML11_INT =
      Pattern.compile("[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)");

  /** yaml.v2's yamlStyleFloat. */
  private static final Pattern YAML11_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  private ScalarText() {}

  /** The source text of {@code value} as a scalar of {@code style}. */
  static String render(String value, ScalarStyle style, boolean inFlow) {
    switch (style) {
      case DOUBLE_QUOTED:
        return doubleQuoted(value);
      case SINGLE_QUOTED:
        return isPrintableSingleLine(value)
            ? "'" + value.replace("'", "''") + "'"
            : doubleQuoted(value);
      default:
        if (value.isEmpty() || isYaml11NonString(value) || !isPrintableSingleLine(value)) {
          return doubleQuoted(value);
        }
        return canBePlain(value, inFlow) ? value : "'" + value.replace("'", "''") + "'";
    }
  }

  /** Whether YAML 1.1 (yaml.v2) reads {@code value}, unquoted, as anything but a string. */
  static boolean isYaml11NonString(String value) {
    if (value.isEmpty() || value.contains("\n")) {
      return false;
    }
    if (YAML11_KEYWORDS.contains(value)) {
      return true;
    }
    char c = value.charAt(0);
    if (!(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
      return false;
    }
    String plain = value.replace("_", "");
    return YAML11_INT.matcher(plain).matches() || YAML11_FLOAT.matcher(plain).matches();
  }

  /** The Go YAML emitter's test for a plain scalar (analyze_scalar), block or flow context. */
  static boolean canBePlain(String v, boolean inFlow) {
    if (v.startsWith("---") || v.startsWith("...")) {
      return false;
    }
    if (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
      return false;
    }
    boolean flowIndicators = false;
    boolean blockIndicators = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean followedBySpace = i + 1 >= v.length() || v.charAt(i + 1) == ' ';
      boolean precededBySpace = i > 0 && v.charAt(i - 1) == ' ';
      if (i == 0) {
        switch (c) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
            flowIndicators = true;
            blockIndicators = true;
          }
          case '?', ':' -> {
            flowIndicators = true;
            blockIndicators |= followedBySpace;
          }
          case '-' -> {
            flowIndicators |= followedBySpace;
            blockIndicators |= followedBySpace;
          }
          default -> {}
        }
      } else {
        switch (c) {
          case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
          case ':' -> {
            flowIndicators = true;
            blockIndicators |= followedBySpace;
          }
          case '#' -> {
            flowIndicators |= precededBySpace;
            blockIndicators |= precededBySpace;
          }
          default -> {}
        }
      }
    }
    return inFlow ? !flowIndicators : !blockIndicators;
  }

  private static boolean isPrintableSingleLine(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String doubleQuoted(String v) {
    StringBuilder b = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
