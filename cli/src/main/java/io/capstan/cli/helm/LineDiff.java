package io.capstan.cli.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts in unified style: changed lines prefixed {@code -} / {@code +}, with
 * {@code context} unchanged lines around each change ({@code ' '}), hunks separated by {@code ...}.
 * Longest common subsequence over lines; objects are small, so quadratic is fine.
 */
final class LineDiff {

  private LineDiff() {}

  /** The diff of {@code before} and {@code after}; empty when they are equal. */
  static String diff(String before, String after, int context) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    int n = a.length;
    int m = b.length;
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i].equals(b[j])) {
        ops.add(" " + a[i]);
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        ops.add("+" + b[j]);
        j++;
      } else {
        ops.add("-" + a[i]);
        i++;
      }
    }
    boolean[] show = new boolean[ops.size()];
    boolean any = false;
    for (int k = 0; k < ops.size(); k++) {
      if (ops.get(k).charAt(0) != ' ') {
        any = true;
        for (int c = Math.max(0, k - context); c <= Math.min(ops.size() - 1, k + context); c++) {
          show[c] = true;
        }
      }
    }
    if (!any) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    boolean gap = false;
    for (int k = 0; k < ops.size(); k++) {
      String op = ops.get(k);
      if (!show[k]) {
        gap = true;
        continue;
      }
      if (gap && out.length() > 0) {
        out.append("  ...\n");
      }
      gap = false;
      if (op.equals(" ") && k == ops.size() - 1) {
        continue; // the empty line after the last newline
      }
      out.append(op.charAt(0)).append(' ').append(op.substring(1)).append('\n');
    }
    return out.toString();
  }
}
