package io.capstan.kustomize.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.kustomize.v1.HistorySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flux's meta.History rules for status.history. */
class ReconcileHistoryTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  /**
   * Each row: a sequence of reconciles "digest:status" applied in order, one second apart; the
   * expected history afterwards, most recent first, as "digest:status:total".
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a:OK                               | a:OK:1
          a:OK a:OK a:OK                     | a:OK:3
          a:OK b:OK                          | b:OK:1 a:OK:1
          a:OK b:OK a:OK                     | a:OK:2 b:OK:1
          a:OK a:Failed                      | a:Failed:1 a:OK:1
          a:Failed a:Failed a:OK             | a:OK:1 a:Failed:2
          a:OK b:OK c:OK d:OK e:OK           | e:OK:1 d:OK:1 c:OK:1 b:OK:1 a:OK:1
          a:OK b:OK c:OK d:OK e:OK f:OK      | f:OK:1 e:OK:1 d:OK:1 c:OK:1 b:OK:1
          a:OK b:OK c:OK d:OK e:OK a:OK      | a:OK:2 e:OK:1 d:OK:1 c:OK:1 b:OK:1
          a:OK b:OK c:OK d:OK e:OK f:OK a:OK | a:OK:1 f:OK:1 e:OK:1 d:OK:1 c:OK:1
          """)
  @DisplayName(
      "one snapshot per digest and outcome, most recent first, repeated runs counted, at most 5")
  void upsertSequence(String runs, String expected) {
    List<HistorySnapshot> history = null;
    Instant at = T0;
    for (String run : runs.trim().split("\\s+")) {
      String[] parts = run.split(":");
      history =
          ReconcileHistory.upsert(
              history, parts[0], at, Duration.ofMillis(1500), parts[1], Map.of("revision", run));
      at = at.plusSeconds(1);
    }
    List<String> actual = new ArrayList<>();
    for (HistorySnapshot s : history) {
      actual.add(
          s.getDigest() + ":" + s.getLastReconciledStatus() + ":" + s.getTotalReconciliations());
    }
    assertThat(String.join(" ", actual)).isEqualTo(expected.trim());
  }

  @Test
  @DisplayName(
      "a repeated run keeps firstReconciled and updates lastReconciled, duration, metadata")
  void repeatedRunUpdatesTimes() {
    List<HistorySnapshot> first =
        ReconcileHistory.upsert(
            List.of(),
            "sha256:x",
            T0,
            Duration.ofMillis(1500),
            "ReconciliationSucceeded",
            Map.of("revision", "main@sha1:1"));
    List<HistorySnapshot> second =
        ReconcileHistory.upsert(
            first,
            "sha256:x",
            T0.plusSeconds(60),
            Duration.ofMillis(250),
            "ReconciliationSucceeded",
            Map.of("revision", "main@sha1:2", "originRevision", "v1@sha1:9"));
    HistorySnapshot s = second.get(0);
    assertThat(s.getFirstReconciled()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(s.getLastReconciled()).isEqualTo("2026-01-02T03:05:05Z");
    assertThat(s.getLastReconciledDuration()).isEqualTo("250ms");
    assertThat(s.getTotalReconciliations()).isEqualTo(2L);
    assertThat(s.getMetadata())
        .containsEntry("revision", "main@sha1:2")
        .containsEntry("originRevision", "v1@sha1:9");
    assertThat(first.get(0).getLastReconciledDuration())
        .as("the earlier history is not changed")
        .isEqualTo("1.5s");
    assertThat(first.get(0).getTotalReconciliations()).isEqualTo(1L);
  }
}
