package io.capstan.kustomize.engine.yaml;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses and renders the style of a string scalar the way go-yaml v2 does: plain when it reads
 * back as the same string, double quotes when it would read back as another type or holds special
 * characters, single quotes when only indicators prevent plain style, literal blocks for multi-line
 * text. Long plain and single-quoted scalars are folded at 80 columns.
 */
final class ScalarStyle {
  private static final int WIDTH = 80;
  private static final Set<String> NON_STRINGS =
      Set.of(
          "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n",
          "N", "no", "No", "NO", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False",
          "FALSE", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
          "-.inf", "-.Inf", "-.INF", "<<");
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern BASE60 =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern INT =
      Pattern.compile("^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$");
  private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{1,2}-\\d{1,2}([Tt ].*)?$");

  private ScalarStyle() {}

  /** Renders a mapping key (never folded, never a block). */
  static String quoteKey(String s) {
    if (readsAsOtherType(s)) {
      return doubleQuoted(s);
    }
    Analysis a = new Analysis(s);
    if (a.plainAllowed && !a.lineBreaks) {
      return s;
    }
    if (a.singleAllowed && !a.lineBreaks) {
      return "'" + s.replace("'", "''") + "'";
    }
    return doubleQuoted(s);
  }

  /**
   * Renders a value scalar that starts at {@code column}; lines longer than 80 columns are folded
   * at spaces, continuation lines indented by {@code indent}.
   */
  static String quote(String s, int indent, int column) {
    if (s.indexOf('\n') >= 0) {
      Analysis a = new Analysis(s);
      if (a.blockAllowed) {
        return literal(s, indent);
      }
      return folded(s, indent, column, '"');
    }
    if (readsAsOtherType(s)) {
      return folded(s, indent, column, '"');
    }
    Analysis a = new Analysis(s);
    if (a.plainAllowed) {
      return folded(s, indent, column, (char) 0);
    }
    if (a.singleAllowed) {
      return folded(s, indent, column, '\'');
    }
    return folded(s, indent, column, '"');
  }

  /** go-yaml's plain, single- and double-quoted writers, including their line folding. */
  private static String folded(String s, int indent, int startColumn, char quote) {
    StringBuilder b = new StringBuilder();
    int column = startColumn;
    if (quote != 0) {
      b.append(quote);
      column++;
    }
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (quote == '"' && (!printable(c) || c == 0xFEFF || c == '\n' || c == '"' || c == '\\')) {
        String esc = doubleQuoted(new String(Character.toChars(c)));
        esc = esc.substring(1, esc.length() - 1);
        b.append(esc);
        column += esc.length();
        spaces = false;
        continue;
      }
      if (c == ' ') {
        boolean next = i + 1 < cps.length && cps[i + 1] == ' ';
        boolean inner = quote == 0 || (i > 0 && i < cps.length - 1);
        if (!spaces && column > WIDTH && inner && (quote == '"' || !next)) {
          b.append('\n').append(" ".repeat(indent));
          column = indent;
          if (quote == '"' && next) {
            b.append('\\');
            column++;
          }
        } else {
          b.append(' ');
          column++;
        }
        spaces = true;
        continue;
      }
      if (quote == '\'' && c == '\'') {
        b.append('\'');
        column++;
      }
      b.appendCodePoint(c);
      column++;
      spaces = false;
    }
    if (quote != 0) {
      b.append(quote);
    }
    return b.toString();
  }

  static boolean readsAsOtherType(String s) {
    if (NON_STRINGS.contains(s)) {
      return true;
    }
    char c = s.charAt(0);
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
      String plain = s.replace("_", "");
      return INT.matcher(plain).matches()
          || FLOAT.matcher(plain).matches()
          || BASE60.matcher(s).matches()
          || TIMESTAMP.matcher(s).matches();
    }
    return false;
  }

  private static String literal(String s, int indent) {
    StringBuilder b = new StringBuilder("|");
    if (s.charAt(0) == ' ' || s.charAt(0) == '\n') {
      b.append('2');
    }
    if (!s.endsWith("\n")) {
      b.append('-');
    } else if (s.endsWith("\n\n")) {
      b.append('+');
    }
    String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    String[] lines = body.split("\n", -1);
    for (String line : lines) {
      b.append('\n');
      if (!line.isEmpty()) {
        b.append(" ".repeat(indent)).append(line);
      }
    }
    return b.toString();
  }

  static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case 0 -> b.append("\\0");
                case 7 -> b.append("\\a");
                case 8 -> b.append("\\b");
                case 9 -> b.append("\\t");
                case 10 -> b.append("\\n");
                case 11 -> b.append("\\v");
                case 12 -> b.append("\\f");
                case 13 -> b.append("\\r");
                case 27 -> b.append("\\e");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x85 -> b.append("\\N");
                case 0xA0 -> b.append("\\_");
                case 0x2028 -> b.append("\\L");
                case 0x2029 -> b.append("\\P");
                default -> {
                  if (printable(cp) && cp != 0xFEFF) {
                    b.appendCodePoint(cp);
                  } else if (cp <= 0xFF) {
                    b.append(String.format("\\x%02X", cp));
                  } else if (cp <= 0xFFFF) {
                    b.append(String.format("\\u%04X", cp));
                  } else {
                    b.append(String.format("\\U%08X", cp));
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  static boolean printable(int c) {
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || c == 0x85
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** The subset of go-yaml's scalar analysis that decides which styles are allowed. */
  private static final class Analysis {
    boolean plainAllowed = true;
    boolean singleAllowed = true;
    boolean blockAllowed = true;
    boolean lineBreaks;

    Analysis(String s) {
      if (s.isEmpty()) {
        plainAllowed = false;
        blockAllowed = false;
        return;
      }
      if (s.startsWith("---") || s.startsWith("...")) {
        plainAllowed = false;
      }
      boolean indicators = false;
      boolean leadingSpace = false;
      boolean leadingBreak = false;
      boolean trailingSpace = false;
      boolean trailingBreak = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean special = false;
      boolean prevSpace = false;
      boolean prevBreak = false;
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < cps.length; i++) {
        int c = cps[i];
        boolean followedByBlank =
            i + 1 >= cps.length || cps[i + 1] == ' ' || cps[i + 1] == '\t' || cps[i + 1] == '\n';
        if (i == 0) {
          if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
            indicators = true;
          }
          if ((c == '?' || c == ':') && followedByBlank) {
            indicators = true;
          }
          if (c == '-' && followedByBlank) {
            indicators = true;
          }
        } else {
          if (c == ':' && followedByBlank) {
            indicators = true;
          }
          if (c == '#' && (cps[i - 1] == ' ' || cps[i - 1] == '\t')) {
            indicators = true;
          }
        }
        if (!printable(c) || c == 0xFEFF) {
          special = true;
        }
        if (c == '\n') {
          lineBreaks = true;
        }
        if (c == ' ') {
          if (i == 0) {
            leadingSpace = true;
          }
          if (i == cps.length - 1) {
            trailingSpace = true;
          }
          if (prevBreak) {
            breakSpace = true;
          }
          prevSpace = true;
          prevBreak = false;
        } else if (c == '\n') {
          if (i == 0) {
            leadingBreak = true;
          }
          if (i == cps.length - 1) {
            trailingBreak = true;
          }
          if (prevSpace) {
            spaceBreak = true;
          }
          prevBreak = true;
          prevSpace = false;
        } else {
          prevSpace = false;
          prevBreak = false;
        }
      }
      if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
        plainAllowed = false;
      }
      if (trailingSpace) {
        blockAllowed = false;
      }
      if (breakSpace) {
        plainAllowed = false;
        singleAllowed = false;
      }
      if (spaceBreak || special) {
        plainAllowed = false;
        singleAllowed = false;
        blockAllowed = false;
      }
      if (lineBreaks) {
        plainAllowed = false;
      }
      if (indicators) {
        plainAllowed = false;
      }
    }
  }
}
