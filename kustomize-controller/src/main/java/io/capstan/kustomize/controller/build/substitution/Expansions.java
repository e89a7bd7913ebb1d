package io.capstan.kustomize.controller.build.substitution;

import java.util.regex.Pattern;

/**
 * The string functions behind Flux's envsubst operators, with bash's edge cases as Flux has them.
 */
final class Expansions {

  private Expansions() {}

  /**
   * {@code ${var:offset}} / {@code ${var:offset:length}}: a negative offset counts from the end
   * (clamped to 0), a negative length drops characters from the end; an offset or length that is
   * not an integer returns the value unchanged, as bash does.
   */
  static String substring(String s, String offsetText, String lengthText) {
    Integer parsed = parseInt(offsetText);
    if (parsed == null) {
      return s;
    }
    int pos = parsed;
    if (pos < 0) {
      pos = Math.max(0, s.length() + pos);
    }
    if (lengthText == null) {
      return pos < s.length() ? s.substring(pos) : "";
    }
    Integer length = parseInt(lengthText);
    if (length == null) {
      return s;
    }
    if (length < 0) {
      int end = s.length() + length;
      return end < pos ? "" : s.substring(pos, end);
    }
    if (pos + length >= s.length()) {
      return pos < s.length() ? s.substring(pos) : "";
    }
    return s.substring(pos, pos + length);
  }

  /**
   * {@code ${var#glob}} ({@code prefix}, shortest), {@code ##} (longest), {@code %} / {@code %%}
   * (suffix): the glob is Go's {@code path.Match} ({@code *} and {@code ?} do not match {@code /});
   * suffixes are matched on the reversed string and pattern, as Flux does. A malformed pattern
   * leaves the value unchanged.
   */
  static String trim(String s, String glob, boolean prefix, boolean longest) {
    if (prefix) {
      return trimPrefix(s, glob, longest);
    }
    String reversed = new StringBuilder(s).reverse().toString();
    String reversedGlob = new StringBuilder(glob).reverse().toString();
    return new StringBuilder(trimPrefix(reversed, reversedGlob, longest)).reverse().toString();
  }

  private static String trimPrefix(String s, String glob, boolean longest) {
    Pattern pattern;
    try {
      pattern = globPattern(glob);
    } catch (IllegalArgumentException e) {
      return s;
    }
    String match = "";
    for (int i = 0; i < s.length(); i++) {
      String candidate = s.substring(0, s.length() - i);
      if (pattern.matcher(candidate).matches()) {
        match = candidate;
        if (longest) {
          break;
        }
      }
    }
    return match.isEmpty() ? s : s.substring(match.length());
  }

  /** Go's {@code path.Match} syntax as a regular expression. */
  static Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '\\' -> {
          if (++i >= glob.length()) {
            throw new IllegalArgumentException("syntax error in pattern");
          }
          regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
        }
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            throw new IllegalArgumentException("syntax error in pattern");
          }
          String body = glob.substring(i + 1, end);
          if (body.startsWith("^")) {
            body = "^" + body.substring(1).replace("[", "\\[");
          } else {
            body = body.replace("[", "\\[");
          }
          regex.append('[').append(body).append(']');
          i = end;
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static Integer parseInt(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
