package io.capstan.goencoding;

/**
 * How go-yaml's emitter (the libyaml port in {@code go.yaml.in/yaml/v2} and {@code v3}) decides
 * which styles a string scalar may take ({@code yaml_emitter_analyze_scalar}), which characters it
 * counts as printable and line breaks, and how it escapes a character inside double quotes. The
 * writers (indentation, folding at the best width) stay with each engine: helm-engine's {@code
 * GoYamlEmitter} and kustomize-engine's {@code ScalarStyle}.
 */
public final class GoYamlScalars {

  /**
   * The styles go-yaml allows for a scalar.
   *
   * @param multiline the scalar holds a line break (a mapping key is then double-quoted)
   * @param plainAllowed block plain style is allowed
   * @param singleQuotedAllowed single-quoted style is allowed
   * @param blockAllowed literal/folded block style is allowed
   */
  public record Analysis(
      boolean multiline, boolean plainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {}

  private GoYamlScalars() {}

  /** go-yaml's {@code is_printable} on a code point (no NEL, nothing beyond U+FFFD). */
  public static boolean isPrintable(int c) {
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }

  /** go-yaml's {@code is_break}: CR, LF, NEL, LS and PS. */
  public static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** Whether go-yaml escapes {@code c} inside a double-quoted scalar. */
  public static boolean needsEscape(int c) {
    return !isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\';
  }

  /**
   * The escape go-yaml writes for {@code c} inside double quotes ({@code \n}, {@code \x1B}, {@code
   * \u00AD}...); call it only where {@link #needsEscape} holds.
   */
  public static String escape(int c) {
    return switch (c) {
      case 0x00 -> "\\0";
      case 0x07 -> "\\a";
      case 0x08 -> "\\b";
      case 0x09 -> "\\t";
      case 0x0A -> "\\n";
      case 0x0B -> "\\v";
      case 0x0C -> "\\f";
      case 0x0D -> "\\r";
      case 0x1B -> "\\e";
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case 0x85 -> "\\N";
      case 0xA0 -> "\\_";
      case 0x2028 -> "\\L";
      case 0x2029 -> "\\P";
      default -> {
        if (c <= 0xFF) {
          yield String.format("\\x%02X", c);
        } else if (c <= 0xFFFF) {
          yield String.format("\\u%04X", c);
        } else {
          yield String.format("\\U%08X", c);
        }
      }
    };
  }

  /** {@code s} in double quotes with go-yaml's escapes and no line folding. */
  public static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (needsEscape(c)) {
        b.append(escape(c));
      } else {
        b.appendCodePoint(c);
      }
      i += Character.charCount(c);
    }
    return b.append('"').toString();
  }

  private static boolean isBlankz(int[] cps, int i) {
    if (i >= cps.length) {
      return true;
    }
    int c = cps[i];
    return c == ' ' || c == '\t' || isBreak(c) || c == 0;
  }

  /** go-yaml's {@code yaml_emitter_analyze_scalar} (the block-context results). */
  public static Analysis analyze(String s) {
    if (s.isEmpty()) {
      return new Analysis(false, true, true, false);
    }
    int[] cps = s.codePoints().toArray();
    boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
    boolean lineBreaks = false;
    boolean special = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean previousSpace = false;
    boolean previousBreak = false;
    boolean precededByWhitespace = true;
    boolean followedByWhitespace = isBlankz(cps, 1);
    int last = cps.length - 1;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (i == 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
          blockIndicators = true;
        } else if ((c == '?' || c == ':' || c == '-') && followedByWhitespace) {
          blockIndicators = true;
        }
      } else if ((c == ':' && followedByWhitespace) || (c == '#' && precededByWhitespace)) {
        blockIndicators = true;
      }
      if (!isPrintable(c)) {
        special = true;
      }
      boolean brk = isBreak(c);
      if (brk) {
        lineBreaks = true;
      }
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= i == last;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (brk) {
        leadingBreak |= i == 0;
        trailingBreak |= i == last;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = c == ' ' || c == '\t' || brk || c == 0;
      followedByWhitespace = isBlankz(cps, i + 2);
    }
    boolean plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
    boolean single = true;
    boolean block = !trailingSpace;
    if (breakSpace) {
      plain = false;
      single = false;
    }
    if (spaceBreak || special) {
      plain = false;
      single = false;
      block = false;
    }
    if (lineBreaks || blockIndicators) {
      plain = false;
    }
    return new Analysis(lineBreaks, plain, single, block);
  }
}
