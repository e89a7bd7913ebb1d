package io.capstan.helm.engine;

import java.util.regex.Pattern;

/** Go's {@code path.Match} and gobwas/glob (as used by {@code .Files.Glob}). */
final class GoGlob {
  private GoGlob() {}

  /** Go {@code path.Match}: {@code *} and {@code ?} do not cross {@code /}; bad pattern → false. */
  static boolean pathMatch(String pattern, String name) {
    try {
      return Pattern.compile(toRegex(pattern, false)).matcher(name).matches();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether Go's path.Match would report ErrBadPattern. */
  static boolean isBadPattern(String pattern) {
    try {
      Pattern.compile(toRegex(pattern, false));
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** gobwas/glob with separator '/': {@code **} crosses directories, {@code {a,b}} alternatives. */
  static Pattern gobwas(String pattern) {
    return Pattern.compile(toRegex(pattern, true));
  }

  private static String toRegex(String p, boolean gobwas) {
    StringBuilder sb = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      switch (c) {
        case '*' -> {
          if (gobwas && i + 1 < p.length() && p.charAt(i + 1) == '*') {
            sb.append(".*");
            i++;
          } else {
            sb.append("[^/]*");
          }
        }
        case '?' -> sb.append("[^/]");
        case '[' -> {
          int j = i + 1;
          StringBuilder cls = new StringBuilder("[");
          if (j < p.length() && (p.charAt(j) == '^' || p.charAt(j) == '!')) {
            cls.append('^');
            j++;
          }
          boolean closed = false;
          boolean first = true;
          for (; j < p.length(); j++) {
            char d = p.charAt(j);
            if (d == ']' && !first) {
              closed = true;
              break;
            }
            first = false;
            if (d == '\\' && !gobwas && j + 1 < p.length()) {
              j++;
              d = p.charAt(j);
            }
            if (d == '[' || d == '\\' || d == '&' || d == '^') {
              cls.append('\\');
            }
            cls.append(d);
          }
          if (!closed) {
            throw new IllegalArgumentException("syntax error in pattern");
          }
          cls.append(']');
          sb.append(cls);
          i = j;
        }
        case '\\' -> {
          if (i + 1 >= p.length()) {
            throw new IllegalArgumentException("syntax error in pattern");
          }
          i++;
          sb.append(Pattern.quote(String.valueOf(p.charAt(i))));
        }
        case '{' -> {
          if (gobwas) {
            braces++;
            sb.append("(?:");
          } else {
            sb.append("\\{");
          }
        }
        case '}' -> {
          if (gobwas && braces > 0) {
            braces--;
            sb.append(')');
          } else {
            sb.append("\\}");
          }
        }
        case ',' -> sb.append(gobwas && braces > 0 ? "|" : ",");
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
