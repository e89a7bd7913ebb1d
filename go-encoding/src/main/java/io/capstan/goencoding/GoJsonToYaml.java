package io.capstan.goencoding;

/**
 * What go-yaml v2 reads back from the strings of a document Go's {@code encoding/json} wrote:
 * {@code sigs.k8s.io/yaml}'s {@code JSONToYAML}, the last step of {@code kubectl kustomize}'s
 * output and of Helm's {@code toYaml}. JSON writes a NEL (U+0085) raw, and go-yaml's reader takes
 * it for a line break inside the double-quoted scalar: it folds (one break becomes a space, n
 * breaks n-1 line feeds, blanks around them dropped), a key holding one fails (a simple key spans
 * one line), a folded line starting with {@code ---} or {@code ...} and a blank fails (document
 * indicator). JSON also writes DEL, the other C1 controls and U+FFFE/U+FFFF raw, which go-yaml's
 * reader refuses.
 *
 * <p>Strings are passed in the order {@code json.Marshal} writes them (a map's keys sorted by their
 * UTF-8 bytes, each key before its value): error lines count the NELs before, as go-yaml's reader
 * counts lines in the one-line JSON text.
 */
public final class GoJsonToYaml {
  private static final char NEL = '\u0085';

  /** A document go-yaml cannot read back; the message is go-yaml's ({@code yaml: ...}). */
  public static final class ReadBackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadBackException(String message) {
      super(message);
    }
  }

  private int line; // go-yaml's 0-based line in the JSON text: the NELs read so far

  /** Whether go-yaml reads {@code s} back as it is (no NEL, no refused control character). */
  public static boolean unchanged(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x7F && (c <= 0x9F || c >= 0xFFFE)) {
        return false;
      }
    }
    return true;
  }

  /** A map key as read back: unchanged, or a failure (a NEL, a refused control character). */
  public String key(String s) {
    if (unchanged(s)) {
      return s;
    }
    checkControls(s);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == NEL) {
        line++;
      }
    }
    // the key is no simple key any more: its ':' is a value indicator without one (a parser
    // error, reported at the 0-based line of the ':')
    throw new ReadBackException("yaml: line " + line + ": did not find expected ',' or '}'");
  }

  /** A string value as read back: NELs folded. */
  public String value(String s) {
    if (unchanged(s)) {
      return s;
    }
    checkControls(s);
    if (s.indexOf(NEL) < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    boolean afterBreak = false;
    while (true) {
      if (afterBreak
          && (s.startsWith("---", i) || s.startsWith("...", i))
          && i + 3 < n
          && (s.charAt(i + 3) == ' ' || s.charAt(i + 3) == NEL)) {
        // a scanner error: its line is the 0-based line + 1
        throw new ReadBackException(
            "yaml: line " + (line + 1) + ": found unexpected document indicator");
      }
      while (i < n && s.charAt(i) != ' ' && s.charAt(i) != NEL) {
        out.append(s.charAt(i++));
      }
      if (i >= n) {
        return out.toString();
      }
      int whitespaceFrom = i;
      int whitespaceTo = i;
      boolean leadingBreak = false;
      int trailingBreaks = 0;
      afterBreak = false;
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == NEL)) {
        if (s.charAt(i) == ' ') {
          if (!leadingBreak) {
            whitespaceTo = i + 1;
          }
          afterBreak = false;
        } else {
          line++;
          if (!leadingBreak) {
            leadingBreak = true;
          } else {
            trailingBreaks++;
          }
          afterBreak = true;
        }
        i++;
      }
      if (leadingBreak) {
        if (trailingBreaks == 0) {
          out.append(' ');
        } else {
          out.append("\n".repeat(trailingBreaks));
        }
      } else {
        out.append(s, whitespaceFrom, whitespaceTo);
      }
    }
  }

  private static void checkControls(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != NEL && c >= 0x7F && (c <= 0x9F || c >= 0xFFFE)) {
        throw new ReadBackException("yaml: control characters are not allowed");
      }
    }
  }
}
