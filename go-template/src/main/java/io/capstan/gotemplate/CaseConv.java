package io.capstan.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** xstrings-style case conversions used by sprig's snakecase, camelcase and kebabcase. */
final class CaseConv {
  private CaseConv() {}

  /** Splits into words at non-alphanumerics and at lower-to-upper / acronym boundaries. */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        continue;
      }
      if (cur.length() > 0) {
        char p = cur.charAt(cur.length() - 1);
        boolean boundary =
            (Character.isUpperCase(c) && (Character.isLowerCase(p) || Character.isDigit(p)))
                || (Character.isUpperCase(c)
                    && Character.isUpperCase(p)
                    && i + 1 < n
                    && Character.isLowerCase(s.charAt(i + 1)));
        if (boundary) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      }
      cur.append(c);
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  static String snake(String s) {
    return join(s, '_');
  }

  static String kebab(String s) {
    return join(s, '-');
  }

  private static String join(String s, char sep) {
    StringBuilder sb = new StringBuilder();
    for (String w : words(s)) {
      if (sb.length() > 0) {
        sb.append(sep);
      }
      sb.append(w.toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  /** xstrings.ToCamelCase: removes underscores and upper-cases the following letter. */
  static String camel(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean upper = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') {
        upper = true;
        continue;
      }
      if (upper) {
        sb.append(Character.toUpperCase(c));
        upper = false;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
