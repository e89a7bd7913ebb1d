package io.capstan.kustomize.engine.yaml;

import io.capstan.goencoding.GoYamlScalars;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses and renders the style of a string scalar the way go-yaml v2 does: plain when it reads
 * back as the same string, double quotes when it would read back as another type or holds special
 * characters, single quotes when only indicators prevent plain style, literal blocks for multi-line
 * text. Long plain and single-quoted scalars are folded at 80 columns. Which styles a string
 * allows, and the double-quoted escapes, come from go-yaml's analysis in {@link GoYamlScalars}
 * (shared with helm-engine).
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
      return GoYamlScalars.doubleQuoted(s);
    }
    GoYamlScalars.Analysis a = GoYamlScalars.analyze(s);
    if (a.plainAllowed() && !a.multiline()) {
      return s;
    }
    if (a.singleQuotedAllowed() && !a.multiline()) {
      return "'" + s.replace("'", "''") + "'";
    }
    return GoYamlScalars.doubleQuoted(s);
  }

  /**
   * Renders a value scalar that starts at {@code column}; lines longer than 80 columns are folded
   * at spaces, continuation lines indented by {@code indent}.
   */
  static String quote(String s, int indent, int column) {
    if (s.indexOf('\n') >= 0) {
      GoYamlScalars.Analysis a = GoYamlScalars.analyze(s);
      if (a.blockAllowed()) {
        return literal(s, indent);
      }
      return folded(s, indent, column, '"');
    }
    if (readsAsOtherType(s)) {
      return folded(s, indent, column, '"');
    }
    GoYamlScalars.Analysis a = GoYamlScalars.analyze(s);
    if (a.plainAllowed()) {
      return folded(s, indent, column, (char) 0);
    }
    if (a.singleQuotedAllowed()) {
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
    boolean breaks = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (quote == '\'' && (c == 0x2028 || c == 0x2029)) {
        // go-yaml's write_single_quoted writes a line or paragraph separator as the line break it
        // is, and indents the text after it (kubectl kustomize prints 'a<LS>    b')
        b.appendCodePoint(c);
        column = 0;
        breaks = true;
        continue;
      }
      if (breaks && c != ' ') {
        b.append(" ".repeat(indent));
        column = indent;
        breaks = false;
      }
      if (quote == '"' && GoYamlScalars.needsEscape(c)) {
        String esc = GoYamlScalars.escape(c);
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
      return readsAsInt(plain)
          || (FLOAT.matcher(plain).matches() && Double.isFinite(Double.parseDouble(plain)))
          || BASE60.matcher(s).matches()
          || TIMESTAMP.matcher(s).matches();
    }
    return false;
  }

  /**
   * go-yaml v2 reads an int (strconv.ParseInt or ParseUint, base 0) only within 64 bits; a longer
   * decimal still reads as a float, a longer hex/octal/binary number as a string ({@code 1e400}
   * too: ParseFloat fails with a range error, so it stays a plain string).
   */
  private static boolean readsAsInt(String plain) {
    if (!INT.matcher(plain).matches()) {
      return false;
    }
    String body = plain.startsWith("-") || plain.startsWith("+") ? plain.substring(1) : plain;
    if (body.length() < 2 || body.charAt(0) != '0') {
      return true;
    }
    char p = Character.toLowerCase(body.charAt(1));
    int radix = p == 'x' ? 16 : p == 'b' ? 2 : 8;
    String digits = p == 'x' || p == 'b' || p == 'o' ? body.substring(2) : body.substring(1);
    java.math.BigInteger v = new java.math.BigInteger(digits, radix);
    return plain.startsWith("-")
        ? v.compareTo(java.math.BigInteger.ONE.shiftLeft(63)) <= 0
        : v.bitLength() <= 64;
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
}
