package io.capstan.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  @DisplayName("header, separator and rows as BENCHMARKS.md has them")
  void rows() {
    String table =
        new MarkdownTable("what", "figure", "note")
            .row("start-up", "**121 ms**", 3)
            .row("idle", "a\nb", null)
            .toString();
    assertThat(table)
        .isEqualTo(
            "| what | figure | note |\n"
                + "| --- | --- | --- |\n"
                + "| start-up | **121 ms** | 3 |\n"
                + "| idle | a b | null |\n");
  }

  @Test
  @DisplayName("a row with a cell more or less than the header is refused")
  void wrongWidth() {
    MarkdownTable table = new MarkdownTable("a", "b");
    assertThatThrownBy(() -> table.row("1")).hasMessageContaining("1 cells for 2 columns");
    assertThatThrownBy(() -> table.row("1", "2", "3")).isInstanceOf(IllegalArgumentException.class);
    assertThat(table.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("the Kustomization table reads like the rows already in BENCHMARKS.md")
  void kustomizationRow() {
    ScaleRun run =
        new ScaleRun(
            8.2, 59.2, 209.4, 24.2, 37, 16.0, 0, new SteadyState.Sample(9, 43, 87, List.of()));
    String table =
        KustomizationScaleBench.table(
                List.of(
                    new ScaleRun.Row(
                        4, 1000, run, Map.of(KustomizationScaleBench.TWO_PUSHES, 1430L))))
            .toString();
    assertThat(table.split("\n")[2])
        .isEqualTo(
            "| 4 | 1000 | 8.2 s | **59.2 s** | 209 MiB | 24.2 s | 37 | 16.0 | 0 | 1430 | 9 | 43 ms"
                + " | 87 ms |");
    assertThat(table.split("\n")[0])
        .isEqualTo(
            "| --concurrent | N | create loop | create → all Ready | peak RSS | controller CPU"
                + " | threads | API requests / Kustomization (create → Ready) | API requests"
                + " after all Ready (until 5 s quiet) | two pushes 1 s apart: API requests until"
                + " all applied + 5 s quiet | no-change reconcile: requests | its duration"
                + " (first → last request) | annotate → handled |");
  }

  @Test
  @DisplayName("the HelmRelease table reads like the rows already in BENCHMARKS.md")
  void helmReleaseRow() {
    ScaleRun run =
        new ScaleRun(
            5.7, 283.3, 242.1, 59.4, 40, 62.6, 0, new SteadyState.Sample(8, 45, 75, List.of()));
    String table = HelmReleaseScaleBench.table(List.of(new ScaleRun.Row(4, 1000, run))).toString();
    assertThat(table.split("\n")[2])
        .isEqualTo(
            "| 4 | 1000 | 5.7 s | **283.3 s** | 242 MiB | 59.4 s | 62.6 | 8 | 45 ms | 75 ms |");
  }

  @Test
  @DisplayName("the report block: heading, machine line with the load and the bench properties")
  void reportBlock() {
    Properties props = new Properties();
    props.setProperty("capstan.bench.sizes", "100");
    props.setProperty("capstan.bench.kcJvm", " ");
    props.setProperty("capstan.bench.concurrent", "4");
    props.setProperty("java.version", "17");
    BenchReport report =
        new BenchReport("HelmReleases at scale, run", "./mvnw -Pbench", props, "1.25");
    String block =
        report.block(java.time.Instant.parse("2026-12-06T16:25:31Z"), "1.61", "A note.", "| t |\n");
    assertThat(block)
        .startsWith("\n### HelmReleases at scale, run of 2026-12-06T16:25:00Z\n\nMachine: ")
        .contains(" CPUs, Java ")
        .contains(
            "load average 1.25 at the start and 1.61 at the end ("
                + BenchReport.DEFAULT_NOTE
                + "). Command: `./mvnw -Pbench` with"
                + " `-Dcapstan.bench.concurrent=4 -Dcapstan.bench.sizes=100`. A note.\n\n| t |\n");
    props.setProperty("capstan.bench.machineNote", "quiet: no other build");
    assertThat(new BenchReport("t", "c", props, "1").block(java.time.Instant.EPOCH, "2", "", ""))
        .contains("at the end (quiet: no other build). Command: `c` with")
        .doesNotContain("machineNote");
  }
}
