package io.capstan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders {@link StatusRow}s as an aligned plain-text table with the header {@code OBJECT READY
 * REASON REVISION MESSAGE}. Every column but the last is padded to its widest cell; messages longer
 * than {@code maxMessage} characters are cut with an ellipsis, so a row fits a terminal line. The
 * output ends with a newline and depends only on its input.
 */
public final class StatusTable {

  private static final List<String> HEADER =
      List.of("OBJECT", "READY", "REASON", "REVISION", "MESSAGE");

  private StatusTable() {}

  /** The table for {@code rows}. */
  public static String render(List<StatusRow> rows, int maxMessage) {
    if (maxMessage < 4) {
      throw new IllegalArgumentException("maxMessage must be at least 4");
    }
    List<List<String>> lines = new ArrayList<>();
    lines.add(HEADER);
    for (StatusRow row : rows) {
      lines.add(
          List.of(
              row.object(),
              row.ready(),
              row.reason(),
              abbreviate(row.revision()),
              cut(row.message(), maxMessage)));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        text.append(line.get(i));
        if (i < widths.length - 1) {
          text.append(" ".repeat(widths[i] - line.get(i).length() + 2));
        }
      }
      table.append(text.toString().stripTrailing()).append('\n');
    }
    return table.toString();
  }

  /**
   * Shortens the digest of a Flux revision ({@code main@sha1:<40 hex>}, {@code sha256:<64 hex>})
   * and a Receiver's webhook path ({@code /hook/<64 hex>}) to its first 12 hex digits, as {@code
   * git log --abbrev=12} would.
   */
  static String abbreviate(String revision) {
    return ABBREVIABLE.matcher(revision).replaceAll("$1");
  }

  private static final Pattern ABBREVIABLE =
      Pattern.compile("((?:sha1:|sha256:|/hook/)[0-9a-f]{12})[0-9a-f]+");

  private static String cut(String message, int max) {
    return message.length() <= max ? message : message.substring(0, max - 3) + "...";
  }
}
