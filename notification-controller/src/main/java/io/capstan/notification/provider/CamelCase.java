package io.capstan.notification.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a camel-case word as Flux's {@code splitCamelcase} does ({@code ReconciliationFailed} →
 * {@code Reconciliation}, {@code Failed}; {@code PDFLoader} → {@code PDF}, {@code Loader}): runs of
 * lower case, upper case, digits and other characters, with the last capital of an upper-case run
 * moved to a following lower-case run.
 */
final class CamelCase {

  private CamelCase() {}

  static List<String> split(String src) {
    List<StringBuilder> runs = new ArrayList<>();
    int last = 0;
    for (int i = 0; i < src.length(); ) {
      int cp = src.codePointAt(i);
      int cls =
          Character.isLowerCase(cp)
              ? 1
              : Character.isUpperCase(cp) ? 2 : Character.isDigit(cp) ? 3 : 4;
      if (cls == last) {
        runs.get(runs.size() - 1).appendCodePoint(cp);
      } else {
        runs.add(new StringBuilder().appendCodePoint(cp));
      }
      last = cls;
      i += Character.charCount(cp);
    }
    for (int i = 0; i < runs.size() - 1; i++) {
      StringBuilder cur = runs.get(i);
      StringBuilder next = runs.get(i + 1);
      if (Character.isUpperCase(cur.codePointAt(0)) && Character.isLowerCase(next.codePointAt(0))) {
        int lastCp = cur.codePointBefore(cur.length());
        cur.setLength(cur.length() - Character.charCount(lastCp));
        next.insert(0, Character.toChars(lastCp));
      }
    }
    List<String> out = new ArrayList<>();
    for (StringBuilder run : runs) {
      if (run.length() > 0) {
        out.add(run.toString());
      }
    }
    return out;
  }
}
