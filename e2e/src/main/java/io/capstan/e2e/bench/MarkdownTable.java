package io.capstan.e2e.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A markdown table as the benchmarks print it and append it to {@code BENCHMARKS.md}: a header row,
 * a {@code | --- |} separator and one row per result, each cell as given (bold and units are the
 * caller's). A row with another number of cells than the header is refused, so a column added to
 * one side only fails at once instead of shifting the table.
 */
final class MarkdownTable {

  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("a table needs a column");
    }
    this.columns = List.of(columns);
  }

  /** Adds a row; cells are written with {@code String.valueOf}. */
  MarkdownTable row(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          cells.length + " cells for " + columns.size() + " columns: " + Arrays.toString(cells));
    }
    rows.add(Arrays.stream(cells).map(c -> Objects.toString(c).replace("\n", " ")).toList());
    return this;
  }

  /** Whether no row was added. */
  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, each line ending with a newline. */
  @Override
  public String toString() {
    StringBuilder table = new StringBuilder();
    line(table, columns);
    line(table, columns.stream().map(c -> "---").toList());
    rows.forEach(r -> line(table, r));
    return table.toString();
  }

  private static void line(StringBuilder table, List<String> cells) {
    table.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
