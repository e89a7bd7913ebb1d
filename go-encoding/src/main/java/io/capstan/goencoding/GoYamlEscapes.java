package io.capstan.goencoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The double-quoted escapes go-yaml (v2 and v3, a port of libyaml) reads that a YAML 1.2 reader
 * such as SnakeYAML Engine refuses as "unknown escape character": {@code \L} (U+2028), {@code \P}
 * (U+2029), a backslash before a literal tab (a tab) and {@code \'} (an apostrophe).
 *
 * <p>go-yaml's full list is {@code \0 \a \b \t \<TAB> \n \v \f \r \e \<SPACE> \" \' \\ \N \_ \L
 * \P}, {@code \x}, {@code \\u} and {@code \U} with 2, 4 and 8 hex digits, and the escaped line
 * break (line folding); it refuses {@code \/}, which YAML 1.2 added. The four here are the ones
 * SnakeYAML Engine lacks; a reader that stops at one passes the text and the position it stopped at
 * to {@link #portable}, and parses again.
 */
public final class GoYamlEscapes {

  /**
   * A text with the go-yaml-only escapes of its double-quoted scalars spelled portably, found in
   * one linear pass ({@link #prepare}). The pass reads YAML's structure only as far as it needs to
   * tell a double-quoted scalar from plain, single-quoted and block text; a caller that parsed
   * {@link #text} checks with {@link #confirmedBy} that every rewrite lies inside a double-quoted
   * scalar the parser found, and otherwise falls back to {@link #portable} one escape at a time.
   *
   * @param text the rewritten text
   * @param rewrites the code point index (in {@code text}) of each rewritten escape's backslash,
   *     ascending
   */
  public record Prepared(String text, int[] rewrites) {
    /**
     * This text with the go-yaml-only escape a parser stopped at ({@code index}: the code point
     * after the backslash) spelled portably, the recorded rewrites shifted past it; null when no
     * such escape stands there (see {@link GoYamlEscapes#portable}).
     */
    public Prepared portable(int index) {
      String next = GoYamlEscapes.portable(text, index);
      if (next == null) {
        return null;
      }
      int backslash = index - 1;
      int delta = next.codePointCount(0, next.length()) - text.codePointCount(0, text.length());
      int[] r = new int[rewrites.length + 1];
      int k = 0;
      boolean placed = false;
      for (int old : rewrites) {
        if (!placed && old > backslash) {
          r[k++] = backslash;
          placed = true;
        }
        r[k++] = old > backslash ? old + delta : old;
      }
      if (!placed) {
        r[k] = backslash;
      }
      return new Prepared(next, r);
    }

    /**
     * Whether every rewrite lies inside one of {@code spans}: the [start, end) code point ranges of
     * the double-quoted scalars a parser of {@link #text} found (in any order).
     */
    public boolean confirmedBy(List<int[]> spans) {
      return confirmedBy(spans, Integer.MAX_VALUE);
    }

    /**
     * As {@link #confirmedBy(List)} for the rewrites before code point {@code limit} only (the end
     * of what was parsed, where a reader stops after the first document).
     */
    public boolean confirmedBy(List<int[]> spans, int limit) {
      if (rewrites.length == 0 || rewrites[0] >= limit) {
        return true;
      }
      int[][] sorted = spans.toArray(new int[0][]);
      Arrays.sort(sorted, Comparator.comparingInt((int[] a) -> a[0]));
      int k = 0;
      for (int r : rewrites) {
        if (r >= limit) {
          break;
        }
        while (k < sorted.length && sorted[k][1] <= r) {
          k++;
        }
        if (k == sorted.length || sorted[k][0] > r) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * {@code text} with every {@code \L}, {@code \P}, backslash-tab and {@code \'} that stands in a
   * double-quoted scalar spelled as every reader knows it, in one pass over the text.
   */
  public static Prepared prepare(String text) {
    if (text.indexOf('\\') < 0) {
      return new Prepared(text, new int[0]);
    }
    return new Lexer(text).run();
  }

  /**
   * The code point index of the backslash of the first {@code \/} escape inside the double-quoted
   * scalars of {@code text} at {@code spans} (code point ranges, as from the parser), or -1.
   * go-yaml refuses {@code \/} ("found unknown escape character"), which YAML 1.2 readers accept.
   */
  public static int slashEscape(String text, List<int[]> spans) {
    if (text.indexOf("\\/") < 0) {
      return -1;
    }
    boolean simple = text.length() == text.codePointCount(0, text.length());
    int[] charAt = simple ? null : codePointOffsets(text);
    int first = -1;
    for (int[] span : spans) {
      int from = simple ? span[0] : charAt[Math.min(span[0], charAt.length - 1)];
      int to = simple ? span[1] : charAt[Math.min(span[1], charAt.length - 1)];
      to = Math.min(to, text.length());
      for (int i = from; i < to - 1; i++) {
        if (text.charAt(i) == '\\') {
          if (text.charAt(i + 1) == '/') {
            int cp = simple ? i : text.codePointCount(0, i);
            if (first < 0 || cp < first) {
              first = cp;
            }
            break;
          }
          i++; // the escaped character
        }
      }
    }
    return first;
  }

  private static int[] codePointOffsets(String text) {
    int[] out = new int[text.codePointCount(0, text.length()) + 1];
    int cp = 0;
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      out[cp++] = i;
    }
    out[cp] = text.length();
    return out;
  }

  /** The one-pass scanner behind {@link #prepare}. */
  private static final class Lexer {
    private final String in;
    private final StringBuilder out;
    private final List<Integer> rewrites = new ArrayList<>();
    private int i;
    private int column;
    private int flow;
    private boolean tokenStart = true;

    /** Column of the last node or entry indicator that began on this line (-1: none). */
    private int lastToken = -1;

    Lexer(String in) {
      this.in = in;
      this.out = new StringBuilder(in.length() + 16);
    }

    Prepared run() {
      int n = in.length();
      while (i < n) {
        if (column == 0) {
          lineStart();
          continue;
        }
        char c = in.charAt(i);
        if (c == '\n' || c == '\r') {
          newline();
          continue;
        }
        if (c == ' ' || c == '\t') {
          copy();
          continue;
        }
        boolean blankBefore = i == 0 || isBlank(in.charAt(i - 1));
        if (c == '#' && blankBefore) {
          comment();
          continue;
        }
        if (tokenStart) {
          startToken(c);
        } else {
          inPlain(c);
        }
      }
      int[] r = new int[rewrites.size()];
      String text = out.toString();
      boolean simple = text.length() == text.codePointCount(0, text.length());
      int cp = 0;
      int at = 0;
      for (int k = 0; k < r.length; k++) {
        int offset = rewrites.get(k);
        if (simple) {
          r[k] = offset;
        } else {
          cp += text.codePointCount(at, offset);
          at = offset;
          r[k] = cp;
        }
      }
      return new Prepared(text, r);
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private boolean blankOrEndAt(int k) {
      return k >= in.length() || isBlank(in.charAt(k));
    }

    private void copy() {
      out.append(in.charAt(i++));
      column++;
    }

    private void newline() {
      char c = in.charAt(i);
      copy();
      if (c == '\r' && i < in.length() && in.charAt(i) == '\n') {
        copy();
      }
      column = 0;
    }

    /**
     * Indentation and document markers at the start of a line. {@code column} is 0 while a line's
     * start is pending, then 1 + the 0-based column of the next character.
     */
    private void lineStart() {
      int indent = 0;
      while (i + indent < in.length() && in.charAt(i + indent) == ' ') {
        indent++;
      }
      if (indent == 0
          && (in.startsWith("---", i) || in.startsWith("...", i))
          && blankOrEndAt(i + 3)) {
        flow = 0;
        lastToken = -1;
        out.append(in, i, i + 3);
        i += 3;
        column = 4;
        tokenStart = true;
        return;
      }
      out.append(in, i, i + indent);
      i += indent;
      column = indent + 1;
      if (flow == 0) {
        tokenStart = true;
        lastToken = -1;
      }
    }

    private int col() {
      return column - 1;
    }

    private void comment() {
      while (i < in.length() && in.charAt(i) != '\n' && in.charAt(i) != '\r') {
        copy();
      }
    }

    private void startToken(char c) {
      switch (c) {
        case '"' -> {
          lastToken = col();
          doubleQuoted();
          tokenStart = false;
        }
        case '\'' -> {
          lastToken = col();
          singleQuoted();
          tokenStart = false;
        }
        case '|', '>' -> {
          if (flow == 0) {
            blockScalar();
          } else {
            plainStart();
          }
        }
        case '[', '{' -> {
          flow++;
          copy();
        }
        case ']', '}' -> {
          flow = Math.max(0, flow - 1);
          copy();
          tokenStart = false;
        }
        case ',' -> copy();
        case '-', '?', ':' -> {
          if (blankOrEndAt(i + 1) || (flow > 0 && c == ':')) {
            if (c != ':') {
              lastToken = col();
            }
            copy();
          } else {
            plainStart();
          }
        }
        case '!', '&', '*' -> {
          while (i < in.length() && !isBlank(in.charAt(i))) {
            copy();
          }
        }
        default -> plainStart();
      }
    }

    private void plainStart() {
      lastToken = col();
      tokenStart = false;
      copy();
    }

    private void inPlain(char c) {
      if (c == ':'
          && (blankOrEndAt(i + 1) || (flow > 0 && ",[]{}".indexOf(in.charAt(i + 1)) >= 0))) {
        copy();
        tokenStart = true;
        return;
      }
      if (flow > 0 && (c == ',' || c == '[' || c == '{')) {
        if (c != ',') {
          flow++;
        }
        copy();
        tokenStart = true;
        return;
      }
      if (flow > 0 && (c == ']' || c == '}')) {
        flow--;
      }
      copy();
    }

    private void doubleQuoted() {
      copy(); // the opening quote
      while (i < in.length()) {
        char c = in.charAt(i);
        if (c == '"') {
          copy();
          return;
        }
        if (c == '\\' && i + 1 < in.length()) {
          char e = in.charAt(i + 1);
          String replacement =
              switch (e) {
                case 'L' -> "\\u2028";
                case 'P' -> "\\u2029";
                case '\t' -> "\\t";
                case '\'' -> "'";
                default -> null;
              };
          if (replacement != null) {
            rewrites.add(out.length());
            out.append(replacement);
            i += 2;
            column += 2;
            continue;
          }
          copy();
          if (in.charAt(i) == '\n' || in.charAt(i) == '\r') {
            newline();
            column = 1;
          } else {
            copy();
          }
          continue;
        }
        if (c == '\n' || c == '\r') {
          newline();
          column = 1;
          continue;
        }
        copy();
      }
    }

    private void singleQuoted() {
      copy();
      while (i < in.length()) {
        char c = in.charAt(i);
        if (c == '\'') {
          copy();
          if (i < in.length() && in.charAt(i) == '\'') {
            copy();
            continue;
          }
          return;
        }
        if (c == '\n' || c == '\r') {
          newline();
          column = 1;
          continue;
        }
        copy();
      }
    }

    /** A literal or folded scalar: its lines run while blank or indented past its parent. */
    private void blockScalar() {
      int parent = lastToken;
      comment(); // the header and any comment after it
      while (i < in.length()) {
        newline();
        int lineAt = i;
        int indent = 0;
        while (lineAt + indent < in.length() && in.charAt(lineAt + indent) == ' ') {
          indent++;
        }
        int end = lineAt + indent;
        boolean blank =
            end >= in.length()
                || in.charAt(end) == '\n'
                || in.charAt(end) == '\r'
                || (in.charAt(end) == '\t' && lineBlank(end));
        if (!blank && indent <= parent) {
          return; // column is 0: the next line starts normally
        }
        if (!blank && indent == 0 && parent < 0) {
          return;
        }
        comment(); // copies the whole line
        if (i >= in.length()) {
          return;
        }
      }
    }

    private boolean lineBlank(int from) {
      for (int k = from; k < in.length(); k++) {
        char c = in.charAt(k);
        if (c == '\n' || c == '\r') {
          return true;
        }
        if (c != ' ' && c != '\t') {
          return false;
        }
      }
      return true;
    }
  }

  private GoYamlEscapes() {}

  /** The start of SnakeYAML Engine's problem text for an escape it does not know. */
  public static final String UNKNOWN_ESCAPE = "found unknown escape character";

  /**
   * {@code text} with the escape whose letter stands at code point {@code index} (the character
   * after the backslash, where a YAML 1.2 reader stopped) spelled as one every reader knows (the
   * six-character escapes of U+2028 and U+2029, {@code \t}, {@code '}); null when no escape go-yaml
   * reads stands there.
   */
  public static String portable(String text, int index) {
    if (index < 1 || index > text.codePointCount(0, text.length())) {
      return null;
    }
    int at = text.offsetByCodePoints(0, index);
    if (at >= text.length() || text.charAt(at - 1) != '\\') {
      return null;
    }
    String replacement =
        switch (text.charAt(at)) {
          case 'L' -> "\\u2028";
          case 'P' -> "\\u2029";
          case '\t' -> "\\t";
          case '\'' -> "'";
          default -> null;
        };
    if (replacement == null) {
      return null;
    }
    return text.substring(0, at - 1) + replacement + text.substring(at + 1);
  }
}
