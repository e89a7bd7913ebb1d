package io.capstan.runtime.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.runtime.testkind.MutableClock;
import io.capstan.runtime.testkind.WidgetStatus;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadySummarizerTest {

  /** GitRepository-like table: two negative conditions, then one positive. */
  private static final ConditionTable TABLE =
      ConditionTable.builder()
          .negative("FetchFailed")
          .negative("ArtifactOutdated")
          .positive("ArtifactInStorage")
          .positive("SourceVerified")
          .build();

  /**
   * Each row: the conditions present ({@code Type=Status/Reason/Message}, separated by {@code ;}),
   * an optional success summary ({@code Reason/Message}), and the expected Ready.
   */
  @ParameterizedTest(name = "[{index}] {0} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // rule 1: Stalled wins over everything
        "Stalled=True/InvalidURL/bad url;FetchFailed=True/AuthFailed/denied | - |"
            + " False/InvalidURL/bad url",
        // rule 2: the highest-priority abnormal condition gives the reason
        "FetchFailed=True/AuthFailed/denied;ArtifactOutdated=True/NewRevision/new rev | - |"
            + " False/AuthFailed/denied",
        "ArtifactOutdated=True/NewRevision/new rev;ArtifactInStorage=True/Succeeded/stored | - |"
            + " False/NewRevision/new rev",
        // a positive condition that is False is abnormal too
        "SourceVerified=False/VerificationError/bad signature;ArtifactInStorage=True/Succeeded/s"
            + " | - | False/VerificationError/bad signature",
        // an abnormal condition beats Reconciling and an explicit success
        "Reconciling=True/Progressing/new gen;FetchFailed=True/AuthFailed/denied |"
            + " ReconciliationSucceeded/applied | False/AuthFailed/denied",
        // negative conditions that are False are fine
        "FetchFailed=False/Succeeded/ok;ArtifactInStorage=True/Succeeded/stored | - |"
            + " True/Succeeded/stored",
        // rule 3: Reconciling makes Ready Unknown
        "Reconciling=True/Progressing/new generation 1 -> 2;ArtifactInStorage=True/Succeeded/s |"
            + " - | Unknown/Progressing/new generation 1 -> 2",
        // rule 4: explicit success beats the positive conditions
        "ArtifactInStorage=True/Succeeded/stored | ReconciliationSucceeded/Applied revision: a |"
            + " True/ReconciliationSucceeded/Applied revision: a",
        // rule 5: highest-priority positive True condition
        "SourceVerified=True/Succeeded/verified;ArtifactInStorage=True/Succeeded/stored | - |"
            + " True/Succeeded/stored",
        // rule 6: only Unknown conditions
        "ArtifactInStorage=Unknown/Progressing/storing | - | Unknown/Progressing/storing",
        // Unknown does not beat a True positive condition
        "ArtifactInStorage=True/Succeeded/stored;SourceVerified=Unknown/Progressing/verifying |"
            + " - | True/Succeeded/stored",
        // conditions outside the table are ignored
        "Foreign=True/Broken/not ours | - | True/Succeeded/Reconciliation succeeded",
        // rule 7: nothing at all
        "- | - | True/Succeeded/Reconciliation succeeded",
      })
  @DisplayName("Ready is derived from the condition table by Flux's rules")
  void summarize(String present, String success, String expected) {
    WidgetStatus status = new WidgetStatus();
    Conditions conditions = Conditions.of(status, 2L, MutableClock.at("2025-01-01T00:00:00Z"));
    if (present != null) {
      for (String spec : present.split(";")) {
        String[] typeAndRest = spec.trim().split("=", 2);
        String[] parts = typeAndRest[1].split("/", 3);
        conditions.set(typeAndRest[0], Condition.Status.valueOf(parts[0]), parts[1], parts[2]);
      }
    }
    Optional<ReadySummarizer.Summary> summary =
        Optional.ofNullable(success)
            .map(s -> s.trim().split("/", 2))
            .map(p -> new ReadySummarizer.Summary(p[0], p[1]));

    ReadySummarizer.summarize(conditions, TABLE, summary);

    String[] want = expected.trim().split("/", 3);
    Condition ready = conditions.get(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.Status.valueOf(want[0]));
    assertThat(ready.getReason()).isEqualTo(want[1]);
    assertThat(ready.getMessage()).isEqualTo(want[2]);
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  @DisplayName("a True negative condition outranks a False positive one listed before it")
  void negativeGroupFirst() {
    ConditionTable positiveFirst =
        ConditionTable.builder().positive("SourceVerified").negative("FetchFailed").build();
    Conditions conditions =
        Conditions.of(new WidgetStatus(), 1L, MutableClock.at("2025-01-01T00:00:00Z"));
    conditions.markFalse("SourceVerified", "VerificationError", "bad signature");
    conditions.markTrue("FetchFailed", "AuthenticationFailed", "denied");

    ReadySummarizer.summarize(conditions, positiveFirst, Optional.empty());

    assertThat(conditions.get(ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo("AuthenticationFailed");
  }

  @Test
  @DisplayName(
      "failureOutranksStalled: Ready keeps the failing condition's reason next to Stalled=True,"
          + " and Stalled's own reason when nothing else failed")
  void failureOutranksStalled() {
    ConditionTable table =
        ConditionTable.builder()
            .negative("Remediated")
            .positive("Released")
            .failureOutranksStalled("RetriesExceeded")
            .build();
    Conditions conditions =
        Conditions.of(new WidgetStatus(), 1L, MutableClock.at("2025-01-01T00:00:00Z"));
    conditions.markStalled("RetriesExceeded", "Failed to install after 1 attempt(s)");
    conditions.markFalse("Released", "InstallFailed", "Helm install failed for release a/b");

    ReadySummarizer.summarize(conditions, table, Optional.empty());
    Condition ready = conditions.get(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
    assertThat(ready.getReason()).isEqualTo("InstallFailed");
    assertThat(ready.getMessage()).isEqualTo("Helm install failed for release a/b");

    // Without the option the same conditions give Stalled's reason (every other kind).
    ReadySummarizer.summarize(
        conditions,
        ConditionTable.builder().negative("Remediated").positive("Released").build(),
        Optional.empty());
    assertThat(conditions.get(ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo("RetriesExceeded");

    // Another stall reason (an invalid spec): Stalled's reason, despite the old failure.
    conditions.markStalled("InvalidSpec", "bad");
    ReadySummarizer.summarize(conditions, table, Optional.empty());
    assertThat(conditions.get(ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo("InvalidSpec");

    // Out of retries without an owned failure: Stalled's reason.
    conditions.markTrue("Released", "InstallSucceeded", "ok");
    conditions.markStalled("RetriesExceeded", "Failed to install after 1 attempt(s)");
    ReadySummarizer.summarize(conditions, table, Optional.empty());
    assertThat(conditions.get(ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo("RetriesExceeded");
  }
}
