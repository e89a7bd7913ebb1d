package io.capstan.goencoding;

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
