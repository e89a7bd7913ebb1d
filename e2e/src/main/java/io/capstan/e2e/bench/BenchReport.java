package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The block every benchmark appends to {@code BENCHMARKS.md}: {@code ### <title> of <UTC minute>}
 * (titles such as {@code Kustomizations at scale, run} or {@code Footprint run}), a "Machine:" line
 * (CPUs, Java, the load average at the start and at the end, whether the machine was shared, the
 * command with the {@code capstan.bench.*} properties in force), notes, then the table. Create it
 * when the benchmark starts (it reads the load and the properties then), {@link #block} it at the
 * end.
 *
 * <p>{@code -Dcapstan.bench.machineNote=...} replaces the default note ("shared with other helpers'
 * builds: times are upper bounds, memory is meaningful"), e.g. for a quiet machine.
 */
final class BenchReport {

  static final String DEFAULT_NOTE =
      "shared with other helpers' builds: times are upper bounds, memory is meaningful";

  private final String title;
  private final String command;
  private final String properties;
  private final String loadAtStart;
  private final String note;

  /**
   * @param title the heading before " of <time>", e.g. {@code Kustomizations at scale, run}
   * @param command how the benchmark is run, e.g. the {@code ./mvnw ... -Pbench} line
   */
  BenchReport(String title, String command) {
    this(title, command, System.getProperties(), loadAverage());
  }

  BenchReport(String title, String command, Properties system, String loadAtStart) {
    this.title = title;
    this.command = command;
    this.properties = benchProperties(system);
    this.loadAtStart = loadAtStart;
    String given = system.getProperty("capstan.bench.machineNote", "").trim();
    this.note = given.isEmpty() ? DEFAULT_NOTE : given;
  }

  /**
   * The {@code capstan.bench.*} properties with a value, sorted, as {@code -Dk=v} flags (the note
   * and the request log of a launcher left out).
   */
  static String benchProperties(Properties system) {
    Map<String, String> set = new TreeMap<>();
    for (String name : system.stringPropertyNames()) {
      String value = system.getProperty(name);
      if (name.startsWith("capstan.bench.")
          && !name.equals("capstan.bench.machineNote")
          && value != null
          && !value.isBlank()) {
        set.put(name, value.trim());
      }
    }
    return set.entrySet().stream()
        .map(e -> "-D" + e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /** The whole block for {@code BENCHMARKS.md}, starting with a blank line. */
  String block(Instant at, String loadAtEnd, String notes, String table) {
    return "\n### "
        + title
        + " of "
        + at.truncatedTo(ChronoUnit.MINUTES)
        + "\n\nMachine: "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs, Java "
        + System.getProperty("java.version")
        + ", load average "
        + loadAtStart
        + " at the start and "
        + loadAtEnd
        + " at the end ("
        + note
        + "). Command: `"
        + command
        + "`"
        + (properties.isEmpty() ? "" : " with `" + properties + "`")
        + "."
        + (notes.isBlank() ? "" : " " + notes.trim())
        + "\n\n"
        + table;
  }

  /**
   * Writes the block to {@code copy} (under {@code e2e/target/bench}) and appends it to {@code
   * root/BENCHMARKS.md}; returns it.
   */
  String append(Path root, Path copy, String notes, String table) throws IOException {
    String block = block(Instant.now(), loadAverage(), notes, table);
    Files.writeString(copy, block, StandardCharsets.UTF_8);
    Files.writeString(
        root.resolve("BENCHMARKS.md"),
        block,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return block;
  }

  /** The 1-minute load average from {@code /proc/loadavg}, or "n/a". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
