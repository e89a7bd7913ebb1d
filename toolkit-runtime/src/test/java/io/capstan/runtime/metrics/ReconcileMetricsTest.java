package io.capstan.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReconcileMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ReconcileMetrics metrics = new ReconcileMetrics(registry);

  private static final String LABELS =
      "kind=\"GitRepository\",name=\"podinfo\",namespace=\"flux-system\"";

  @Test
  @DisplayName("reconcile durations are a histogram with Flux's name, labels and buckets")
  void duration() {
    metrics.recordDuration("GitRepository", "flux-system", "podinfo", Duration.ofMillis(250));

    String text = registry.scrape();

    assertThat(text).contains("# TYPE gotk_reconcile_duration_seconds histogram");
    for (String le :
        new String[] {
          "1.0E-8", "1.0E-7", "1.0E-6", "1.0E-5", "1.0E-4", "0.001", "0.01", "0.1", "1.0", "10.0",
          "+Inf"
        }) {
      assertThat(text)
          .contains("gotk_reconcile_duration_seconds_bucket{" + LABELS + ",le=\"" + le + "\"}");
    }
    assertThat(text)
        .contains("gotk_reconcile_duration_seconds_bucket{" + LABELS + ",le=\"0.1\"} 0")
        .contains("gotk_reconcile_duration_seconds_bucket{" + LABELS + ",le=\"1.0\"} 1")
        .contains("gotk_reconcile_duration_seconds_count{" + LABELS + "} 1")
        .contains("gotk_reconcile_duration_seconds_sum{" + LABELS + "} 0.25");
  }

  @Test
  @DisplayName("an in-memory registry gets a plain timer, no colliding bucket gauges")
  void durationWithoutHistogramSupport() {
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    ReconcileMetrics inMemory = new ReconcileMetrics(simple);

    inMemory.recordDuration("GitRepository", "flux-system", "podinfo", Duration.ofMillis(250));
    inMemory.recordDuration("GitRepository", "flux-system", "podinfo", Duration.ofMillis(750));

    assertThat(simple.find(ReconcileMetrics.DURATION + ".histogram").gauges())
        .as("bucket gauges whose rounded le tags collide")
        .isEmpty();
    assertThat(simple.get(ReconcileMetrics.DURATION).timer().count()).isEqualTo(2);
    assertThat(ReconcileMetrics.publishesHistograms(simple)).isFalse();
    assertThat(ReconcileMetrics.publishesHistograms(registry)).isTrue();
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(registry);
    assertThat(ReconcileMetrics.publishesHistograms(composite)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Condition.Status.class)
  @DisplayName("the condition gauge is 1 for the current status and 0 for the other two")
  void condition(Condition.Status current) {
    metrics.recordCondition(
        "GitRepository",
        "flux-system",
        "podinfo",
        "Ready",
        new Condition("Ready", current, "R", "m"));

    String text = registry.scrape();

    for (Condition.Status status : Condition.Status.values()) {
      String line =
          "gotk_reconcile_condition{"
              + LABELS
              + ",status=\""
              + status
              + "\",type=\"Ready\"} "
              + (status == current ? "1" : "0");
      assertThat(text).contains(line);
    }
  }

  @Test
  @DisplayName("a missing condition counts as Unknown")
  void missingCondition() {
    metrics.recordCondition("GitRepository", "flux-system", "podinfo", "Ready", null);
    assertThat(registry.scrape())
        .contains("gotk_reconcile_condition{" + LABELS + ",status=\"Unknown\",type=\"Ready\"} 1");
  }

  @Test
  @DisplayName("the suspend gauge follows spec.suspend")
  void suspend() {
    metrics.recordSuspend("GitRepository", "flux-system", "podinfo", true);
    assertThat(registry.scrape()).contains("gotk_suspend_status{" + LABELS + "} 1");

    metrics.recordSuspend("GitRepository", "flux-system", "podinfo", false);
    assertThat(registry.scrape()).contains("gotk_suspend_status{" + LABELS + "} 0");
  }

  @Test
  @DisplayName("forgetting a deleted object removes all its series and keeps the others")
  void forget() {
    metrics.recordCondition("GitRepository", "flux-system", "podinfo", "Ready", null);
    metrics.recordSuspend("GitRepository", "flux-system", "podinfo", false);
    metrics.recordDuration("GitRepository", "flux-system", "podinfo", Duration.ofMillis(1));
    metrics.recordSuspend("GitRepository", "flux-system", "other", false);

    metrics.forget("GitRepository", "flux-system", "podinfo");

    String text = registry.scrape();
    assertThat(text).doesNotContain("name=\"podinfo\"");
    assertThat(text).contains("name=\"other\"");
  }
}
