package io.capstan.runtime.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.runtime.testkind.MutableClock;
import io.capstan.runtime.testkind.WidgetStatus;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionsTest {

  private final MutableClock clock = MutableClock.at("2025-01-01T10:00:00.750Z");
  private WidgetStatus status;
  private Conditions conditions;

  @BeforeEach
  void setUp() {
    status = new WidgetStatus();
    conditions = Conditions.of(status, 3L, clock);
  }

  @Test
  @DisplayName("a new condition gets the generation and the current time at second precision")
  void newCondition() {
    conditions.markTrue("ArtifactInStorage", "Succeeded", "stored artifact");

    Condition c = conditions.get("ArtifactInStorage").orElseThrow();
    assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
    assertThat(c.getReason()).isEqualTo("Succeeded");
    assertThat(c.getMessage()).isEqualTo("stored artifact");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        Arguments.of(Condition.Status.True, "Succeeded", "same", false),
        Arguments.of(Condition.Status.True, "OtherReason", "same", false),
        Arguments.of(Condition.Status.True, "Succeeded", "new message", false),
        Arguments.of(Condition.Status.False, "Succeeded", "same", true),
        Arguments.of(Condition.Status.Unknown, "Progressing", "same", true));
  }

  @ParameterizedTest(name = "to {0}/{1}/{2}: time changes = {3}")
  @MethodSource("transitions")
  @DisplayName("lastTransitionTime changes only when the status changes")
  void transitionTime(Condition.Status next, String reason, String message, boolean changes) {
    conditions.markTrue("Healthy", "Succeeded", "same");
    String first = conditions.get("Healthy").orElseThrow().getLastTransitionTime();
    clock.advance(Duration.ofMinutes(5));

    conditions.set("Healthy", next, reason, message);

    Condition c = conditions.get("Healthy").orElseThrow();
    assertThat(c.getLastTransitionTime().equals(first)).isEqualTo(!changes);
    assertThat(c.getReason()).isEqualTo(reason);
    assertThat(c.getMessage()).isEqualTo(message);
  }

  @Test
  @DisplayName("setting an identical condition leaves the status unchanged")
  void idempotent() {
    conditions.markTrue("Healthy", "Succeeded", "ok");
    var before = conditions.list();
    clock.advance(Duration.ofHours(1));

    conditions.markTrue("Healthy", "Succeeded", "ok");

    assertThat(conditions.list()).isEqualTo(before);
  }

  @Test
  @DisplayName("a newer generation is written into a condition even when its state is unchanged")
  void observedGenerationUpdated() {
    conditions.markTrue("Healthy", "Succeeded", "ok");
    Conditions next = Conditions.of(status, 4L, clock);

    next.markTrue("Healthy", "Succeeded", "ok");

    assertThat(next.get("Healthy").orElseThrow().getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  @DisplayName("Stalled, Reconciling and Ready come first, the rest sorted by type")
  void ordering() {
    conditions.markTrue("Zeta", "R", "m");
    conditions.markTrue(ConditionTypes.READY, "R", "m");
    conditions.markTrue("ArtifactInStorage", "R", "m");
    conditions.markReconciling("Progressing", "m");

    assertThat(conditions.list())
        .extracting(Condition::getType)
        .containsExactly("Reconciling", "Ready", "ArtifactInStorage", "Zeta");
  }

  @Test
  @DisplayName("marking Reconciling removes Stalled and marking Stalled removes Reconciling")
  void neverBoth() {
    conditions.markStalled("InvalidSpec", "bad url");
    assertThat(conditions.isStalled()).isTrue();

    conditions.markReconciling("Progressing", "new generation");
    assertThat(conditions.isReconciling()).isTrue();
    assertThat(conditions.has(ConditionTypes.STALLED)).isFalse();

    conditions.markStalled("InvalidSpec", "bad url");
    assertThat(conditions.isStalled()).isTrue();
    assertThat(conditions.has(ConditionTypes.RECONCILING)).isFalse();
  }

  @Test
  @DisplayName("status queries tell True, False, Unknown and absent apart")
  void queries() {
    conditions.markFalse("A", "R", "m");
    conditions.markUnknown("B", "R", "m");
    conditions.markTrue("C", "R", "m");

    assertThat(conditions.isFalse("A")).isTrue();
    assertThat(conditions.isTrue("A")).isFalse();
    assertThat(conditions.isUnknown("B")).isTrue();
    assertThat(conditions.isTrue("C")).isTrue();
    assertThat(conditions.has("D")).isFalse();
    assertThat(conditions.isFalse("D")).isFalse();
  }

  @Test
  @DisplayName("delete removes only the named condition")
  void delete() {
    conditions.markTrue("A", "R", "m");
    conditions.markTrue("B", "R", "m");

    conditions.delete("A");
    conditions.delete("missing");

    assertThat(conditions.list()).extracting(Condition::getType).containsExactly("B");
  }
}
