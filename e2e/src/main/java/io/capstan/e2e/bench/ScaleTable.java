package io.capstan.e2e.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The table of a scale benchmark: the columns every one has ({@code --concurrent}, N, create loop,
 * create → all Ready, first; the no-change reconcile's requests, span and latency, last) around the
 * benchmark's own ({@link #peakRss}, {@link #cpu}, {@link #threads}, {@link #requestsPer}, or any
 * other {@link Column}). Adding a column to one benchmark is one more argument.
 */
final class ScaleTable {

  /** A column: its header and the cell of a row. */
  record Column(String header, Function<ScaleRun.Row, Object> cell) {}

  private ScaleTable() {}

  /** The table of {@code rows} with the shared leading columns, {@code own}, the steady columns. */
  static MarkdownTable of(List<ScaleRun.Row> rows, Column... own) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("--concurrent", ScaleRun.Row::concurrent));
    columns.add(new Column("N", ScaleRun.Row::n));
    columns.add(new Column("create loop", r -> String.format("%.1f s", r.run().createSeconds())));
    columns.add(
        new Column("create → all Ready", r -> String.format("**%.1f s**", r.run().readySeconds())));
    columns.addAll(Arrays.asList(own));
    columns.add(new Column("no-change reconcile: requests", r -> r.run().steady().requests()));
    columns.add(
        new Column("its duration (first → last request)", r -> r.run().steady().spanMs() + " ms"));
    columns.add(new Column("annotate → handled", r -> r.run().steady().latencyMs() + " ms"));
    MarkdownTable table =
        new MarkdownTable(columns.stream().map(Column::header).toArray(String[]::new));
    for (ScaleRun.Row row : rows) {
      table.row(columns.stream().map(c -> c.cell().apply(row)).toArray());
    }
    return table;
  }

  /** The controller's peak RSS in MiB. */
  static Column peakRss(String header) {
    return new Column(header, r -> String.format("%.0f MiB", r.run().peakRssMib()));
  }

  /** The controller's CPU seconds from first create to all Ready. */
  static Column cpu(String header) {
    return new Column(header, r -> String.format("%.1f s", r.run().cpuSeconds()));
  }

  /** The controller's threads after all Ready. */
  static Column threads() {
    return new Column("threads", r -> r.run().threads());
  }

  /** The controller's API requests once all are Ready, until its log was quiet for 5 s. */
  static Column requestsAfterReady() {
    return new Column(
        "API requests after all Ready (until 5 s quiet)", r -> r.run().requestsAfterReady());
  }

  /** A figure of the benchmark's own ({@link ScaleRun.Row#extras}), "—" when absent. */
  static Column extra(String header, String name) {
    return new Column(header, r -> r.extras().getOrDefault(name, "—"));
  }

  /** The controller's API requests per object, create → Ready. */
  static Column requestsPer(String kind) {
    return new Column(
        "API requests / " + kind + " (create → Ready)",
        r -> String.format("%.1f", r.run().requestsPerObject()));
  }
}
