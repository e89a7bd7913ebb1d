package io.capstan.runtime.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.conditions.ReadySummarizer;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.RequeueDecision;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.reconcile.StepRunner;
import io.capstan.runtime.testkind.MutableClock;
import io.capstan.runtime.testkind.WidgetStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusSummarizerTest {

  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final ConditionTable TABLE =
      ConditionTable.builder().negative("FetchFailed").positive("ArtifactInStorage").build();

  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private WidgetStatus status;
  private Conditions conditions;

  @BeforeEach
  void setUp() {
    status = new WidgetStatus();
    status.setObservedGeneration(1L);
    conditions = Conditions.of(status, 2L, clock);
  }

  private RequeueDecision finish(StepResult result, ReconcileError error) {
    return StatusSummarizer.finish(
        status,
        conditions,
        TABLE,
        new StepRunner.Outcome(result, error, error == null ? null : "step"),
        INTERVAL,
        INTERVAL,
        Optional.empty(),
        Optional.empty());
  }

  private String ready() {
    Condition c = conditions.get("Ready").orElseThrow();
    return c.getStatus() + "/" + c.getReason() + "/" + c.getMessage();
  }

  @Test
  @DisplayName("a new generation marks Reconciling with Flux's message; the same one does not")
  void begin() {
    assertThat(StatusSummarizer.begin(status, conditions, 2L)).isTrue();
    assertThat(conditions.get("Reconciling").orElseThrow().getMessage())
        .isEqualTo("processing object: new generation 1 -> 2");
    assertThat(conditions.get("Reconciling").orElseThrow().getReason()).isEqualTo("Progressing");

    WidgetStatus current = new WidgetStatus();
    current.setObservedGeneration(2L);
    Conditions same = Conditions.of(current, 2L, clock);
    assertThat(StatusSummarizer.begin(current, same, 2L)).isFalse();
    assertThat(same.has("Reconciling")).isFalse();
  }

  @Test
  @DisplayName("beginning a new generation clears Stalled")
  void beginClearsStalled() {
    conditions.markStalled("InvalidURL", "bad");
    StatusSummarizer.begin(status, conditions, 2L);
    assertThat(conditions.has("Stalled")).isFalse();
  }

  @Test
  @DisplayName("success: Reconciling removed, Ready=True, generation observed, requeue at interval")
  void success() {
    StatusSummarizer.begin(status, conditions, 2L);
    conditions.markTrue("ArtifactInStorage", "Succeeded", "stored artifact for revision 'a'");

    RequeueDecision decision = finish(StepResult.SUCCESS, null);

    assertThat(conditions.has("Reconciling")).isFalse();
    assertThat(conditions.has("Stalled")).isFalse();
    assertThat(ready()).isEqualTo("True/Succeeded/stored artifact for revision 'a'");
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(decision).isEqualTo(RequeueDecision.after(INTERVAL));
  }

  @Test
  @DisplayName("stalling error: Stalled=True, Ready=False, no Reconciling, generation observed")
  void stalling() {
    StatusSummarizer.begin(status, conditions, 2L);

    RequeueDecision decision =
        finish(StepResult.EMPTY, new ReconcileError.Stalling("InvalidURL", "url is not valid"));

    assertThat(conditions.isStalled()).isTrue();
    assertThat(conditions.get("Stalled").orElseThrow().getReason()).isEqualTo("InvalidURL");
    assertThat(conditions.has("Reconciling")).isFalse();
    assertThat(ready()).isEqualTo("False/InvalidURL/url is not valid");
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(decision).isEqualTo(RequeueDecision.none());
  }

  @Test
  @DisplayName("waiting error: Reconciling stays with ProgressingWithRetry, Ready=False, requeue")
  void waiting() {
    StatusSummarizer.begin(status, conditions, 2L);

    RequeueDecision decision =
        finish(
            StepResult.EMPTY,
            new ReconcileError.Waiting(
                "DependencyNotReady",
                "dependency 'flux-system/infra' is not ready",
                Duration.ofSeconds(30)));

    assertThat(conditions.isReconciling()).isTrue();
    assertThat(conditions.get("Reconciling").orElseThrow().getReason())
        .isEqualTo("ProgressingWithRetry");
    assertThat(ready())
        .isEqualTo("False/DependencyNotReady/dependency 'flux-system/infra' is not" + " ready");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(decision).isEqualTo(RequeueDecision.after(Duration.ofSeconds(30)));
  }

  @Test
  @DisplayName(
      "helm-controller's rule: a waiting or generic error leaves Reconciling as the steps wrote it")
  void waitingKeepsProgressing() {
    conditions.markReconciling("Progressing", "Fulfilling prerequisites");

    for (ReconcileError error :
        List.of(
            new ReconcileError.Waiting("DependencyNotReady", "dependency 'a/b' is not ready"),
            new ReconcileError.Generic("ArtifactFailed", "could not get Source object"))) {
      StatusSummarizer.finish(
          status,
          conditions,
          TABLE,
          new StepRunner.Outcome(StepResult.EMPTY, error, "step"),
          INTERVAL,
          INTERVAL,
          Optional.empty(),
          Optional.empty(),
          false);

      Condition reconciling = conditions.get("Reconciling").orElseThrow();
      assertThat(reconciling.getReason() + "/" + reconciling.getMessage())
          .isEqualTo("Progressing/Fulfilling prerequisites");
      assertThat(ready()).startsWith("False/" + error.reason() + "/");
    }
  }

  @Test
  @DisplayName("a waiting error's event message may differ from the message Ready gets")
  void waitingEventMessage() {
    ReconcileError.Waiting plain = new ReconcileError.Waiting("DependencyNotReady", "not ready");
    ReconcileError.Waiting own =
        new ReconcileError.Waiting("DependencyNotReady", "dependency 'a/b' is not ready")
            .withEventMessage("Dependencies do not meet ready condition, retrying in 30s");

    assertThat(plain.eventMessage()).isEqualTo("not ready");
    assertThat(own.getMessage()).isEqualTo("dependency 'a/b' is not ready");
    assertThat(own.eventMessage())
        .isEqualTo("Dependencies do not meet ready condition, retrying in 30s");
  }

  @Test
  @DisplayName("generic error with a condition: the condition is marked and drives Ready")
  void genericWithCondition() {
    conditions.markTrue("ArtifactInStorage", "Succeeded", "stored");

    RequeueDecision decision =
        finish(
            StepResult.EMPTY,
            new ReconcileError.Generic("GitOperationFailed", "auth failed")
                .withCondition("FetchFailed"));

    assertThat(conditions.isTrue("FetchFailed")).isTrue();
    assertThat(ready()).isEqualTo("False/GitOperationFailed/auth failed");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(decision).isEqualTo(RequeueDecision.backoff());
  }

  @Test
  @DisplayName("generic error naming a positive condition sets it False")
  void genericPositiveCondition() {
    finish(
        StepResult.EMPTY,
        new ReconcileError.Generic("StorageOperationFailed", "disk full")
            .withCondition("ArtifactInStorage"));

    assertThat(conditions.isFalse("ArtifactInStorage")).isTrue();
    assertThat(ready()).isEqualTo("False/StorageOperationFailed/disk full");
  }

  @Test
  @DisplayName("generic error without a condition still makes Ready False")
  void genericWithoutCondition() {
    conditions.markTrue("ArtifactInStorage", "Succeeded", "stored");

    finish(StepResult.SUCCESS, new ReconcileError.Generic("Failed", "boom"));

    assertThat(ready()).isEqualTo("False/Failed/boom");
  }

  @Test
  @DisplayName("ignored generic error counts as success for Reconciling and observedGeneration")
  void genericIgnored() {
    StatusSummarizer.begin(status, conditions, 2L);
    conditions.markTrue("ArtifactInStorage", "Succeeded", "stored");

    RequeueDecision decision =
        finish(StepResult.EMPTY, new ReconcileError.Generic("NoOp", "nothing to do").ignoring());

    assertThat(conditions.has("Reconciling")).isFalse();
    assertThat(ready()).isEqualTo("True/Succeeded/stored");
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(decision).isEqualTo(RequeueDecision.after(INTERVAL));
  }

  @Test
  @DisplayName("in progress: Reconciling stays, Ready=Unknown, generation not yet observed")
  void inProgress() {
    StatusSummarizer.begin(status, conditions, 2L);

    RequeueDecision decision = finish(StepResult.requeueAfter(Duration.ofSeconds(5)), null);

    assertThat(conditions.isReconciling()).isTrue();
    assertThat(conditions.get("Reconciling").orElseThrow().getReason()).isEqualTo("Progressing");
    assertThat(ready()).startsWith("Unknown/Progressing/");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(decision).isEqualTo(RequeueDecision.after(Duration.ofSeconds(5)));
  }

  @Test
  @DisplayName("recovery after a stall: a success removes Stalled and Ready becomes True")
  void recoversFromStall() {
    conditions.markStalled("InvalidURL", "bad");

    finish(StepResult.SUCCESS, null);

    assertThat(conditions.has("Stalled")).isFalse();
    assertThat(conditions.isReady()).isTrue();
  }

  static Stream<Arguments> requestedAt() {
    return Stream.of(
        Arguments.of(Optional.of("2025-01-01T12:00:00Z"), "2025-01-01T12:00:00Z"),
        Arguments.of(Optional.empty(), "previous"));
  }

  @ParameterizedTest(name = "requestedAt {0} -> lastHandledReconcileAt {1}")
  @MethodSource("requestedAt")
  @DisplayName("the requestedAt annotation is echoed to lastHandledReconcileAt, even on failure")
  void echoesRequestedAt(Optional<String> requested, String expected) {
    status.setLastHandledReconcileAt("previous");

    StatusSummarizer.finish(
        status,
        conditions,
        TABLE,
        new StepRunner.Outcome(StepResult.EMPTY, new ReconcileError.Generic("F", "m"), "s"),
        INTERVAL,
        INTERVAL,
        requested,
        Optional.empty());

    assertThat(status.getLastHandledReconcileAt()).isEqualTo(expected);
  }

  @Test
  @DisplayName("a step's success summary becomes Ready's reason and message")
  void successSummary() {
    StatusSummarizer.finish(
        status,
        conditions,
        TABLE,
        new StepRunner.Outcome(StepResult.SUCCESS, null, null),
        INTERVAL,
        INTERVAL,
        Optional.empty(),
        Optional.of(new ReadySummarizer.Summary("ReconciliationSucceeded", "Applied revision: a")));

    assertThat(ready()).isEqualTo("True/ReconciliationSucceeded/Applied revision: a");
  }
}
