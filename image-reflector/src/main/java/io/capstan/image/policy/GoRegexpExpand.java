package io.capstan.image.policy;

import com.google.re2j.Matcher;
import java.util.Map;

/**
 * Go's {@code Regexp.Expand}: a template where {@code $name} or {@code ${name}} is replaced by the
 * submatch with that number or name. As in Go, {@code $name} takes the longest run of letters,
 * digits and underscores ({@code $1x} means the group named {@code 1x}, not group 1 then {@code x};
 * write {@code ${1}x}); an unknown name or an out-of-range number expands to nothing; {@code $$} is
 * a literal {@code $}; a {@code $} not followed by a valid name is kept as is.
 */
final class GoRegexpExpand {

  private GoRegexpExpand() {}

  /** Expands the template against a successful match. */
  static String expand(String template, Matcher match, Map<String, Integer> namedGroups) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      int start;
      int end;
      int next;
      if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
        start = i + 2;
        end = start;
        while (end < template.length() && isNameChar(template.charAt(end))) {
          end++;
        }
        if (end == start || end >= template.length() || template.charAt(end) != '}') {
          out.append('$');
          i++;
          continue;
        }
        next = end + 1;
      } else {
        start = i + 1;
        end = start;
        while (end < template.length() && isNameChar(template.charAt(end))) {
          end++;
        }
        if (end == start) {
          out.append('$');
          i++;
          continue;
        }
        next = end;
      }
      out.append(group(template.substring(start, end), match, namedGroups));
      i = next;
    }
    return out.toString();
  }

  private static String group(String name, Matcher match, Map<String, Integer> namedGroups) {
    Integer index = null;
    if (name.chars().allMatch(Character::isDigit)) {
      try {
        index = Integer.parseInt(name);
      } catch (NumberFormatException e) {
        return "";
      }
    } else {
      index = namedGroups.get(name);
    }
    if (index == null || index < 0 || index > match.groupCount()) {
      return "";
    }
    String value = match.group(index);
    return value == null ? "" : value;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
