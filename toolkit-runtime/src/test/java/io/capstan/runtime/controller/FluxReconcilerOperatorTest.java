package io.capstan.runtime.controller;

import static io.capstan.runtime.testkind.GitRepositories.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.Annotations;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.metrics.ReconcileMetrics;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link FluxReconciler} registered through {@link FluxControllerConfiguration} in a started Java
 * Operator SDK operator ({@link RunningOperator}), against a real API server, reconciling real
 * GitRepository objects with a {@link ScriptedGitRepository} kind reconciler. Each test runs its
 * own operator watching only the test's namespace.
 */
@WithKubernetes
class FluxReconcilerOperatorTest {

  private static final String NAME = "podinfo";
  private static final Duration QUIET = Duration.ofSeconds(2);

  private final ScriptedGitRepository kind = new ScriptedGitRepository();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private RunningOperator operator;
  private KubernetesClient client;
  private String namespace;

  @BeforeEach
  void startOperator(KubeControlPlane plane, KubeNamespace ns, KubernetesClient testClient) {
    namespace = ns.name();
    client = testClient;
    operator = RunningOperator.start(plane, namespace, kind, registry);
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50));
  }

  /** Asserts that the fetch step runs no more for a while. */
  private void assertNoMoreRuns(int expected) {
    await()
        .during(QUIET)
        .atMost(QUIET.plusSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> kind.runs.size() == expected);
  }

  private JsonNode stored() {
    return GitRepositories.stored(client, namespace, NAME).orElseThrow();
  }

  private GitRepository create() {
    return GitRepositories.create(client, namespace, NAME);
  }

  private void edit(UnaryOperator<GitRepository> change) {
    GitRepositories.in(client, namespace, NAME).edit(change);
  }

  private JsonNode awaitReadyAt(long generation) {
    eventually()
        .untilAsserted(
            () -> {
              JsonNode object = stored();
              assertThat(condition(object, "Ready").path("status").asText()).isEqualTo("True");
              assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(generation);
            });
    return stored();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  private double gauge(String name, Map<String, String> tags) {
    var search = registry.find(name).tag("kind", "GitRepository").tag("name", NAME);
    for (var tag : tags.entrySet()) {
      search = search.tag(tag.getKey(), tag.getValue());
    }
    Gauge gauge = search.gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  @Test
  @DisplayName("a new object gets the finalizer, Ready=True at its generation, an event, metrics")
  void newObjectBecomesReady() {
    create();

    JsonNode object = awaitReadyAt(1);

    assertThat(object.at("/metadata/finalizers").toString())
        .isEqualTo("[\"finalizers.fluxcd.io\"]");
    JsonNode ready = condition(object, "Ready");
    assertThat(ready.path("reason").asText()).isEqualTo("Succeeded");
    assertThat(ready.path("message").asText())
        .isEqualTo(
            "stored artifact for revision 'main@sha1:0123456789abcdef0123456789abcdef01234567'");
    assertThat(ready.path("observedGeneration").asLong()).isEqualTo(1);
    assertThat(condition(object, "ArtifactInStorage").path("status").asText()).isEqualTo("True");
    assertThat(condition(object, "Reconciling").isMissingNode()).isTrue();
    assertThat(condition(object, "Stalled").isMissingNode()).isTrue();
    assertThat(kind.runs).hasSize(1);

    eventually()
        .untilAsserted(
            () ->
                assertThat(events())
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Normal");
                          assertThat(e.getReason()).isEqualTo("Succeeded");
                          assertThat(e.getMetadata().getAnnotations())
                              .containsEntry(
                                  "source.toolkit.fluxcd.io/revision",
                                  "main@sha1:0123456789abcdef0123456789abcdef01234567");
                        }));
    assertThat(gauge(ReconcileMetrics.CONDITION, Map.of("type", "Ready", "status", "True")))
        .isEqualTo(1.0);
    assertThat(gauge(ReconcileMetrics.CONDITION, Map.of("type", "Ready", "status", "False")))
        .isEqualTo(0.0);
    assertThat(gauge(ReconcileMetrics.SUSPEND, Map.of())).isEqualTo(0.0);
    Timer duration = registry.find(ReconcileMetrics.DURATION).tag("name", NAME).timer();
    assertThat(duration).isNotNull();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(registry.scrape())
        .contains("gotk_reconcile_duration_seconds_bucket{kind=\"GitRepository\",name=\"podinfo\"");
  }

  @Test
  @DisplayName("status and finalizer writes are made by Flux's field manager gotk-<controller>")
  void fluxFieldManager() {
    create();
    awaitReadyAt(1);

    JsonNode managed = stored().at("/metadata/managedFields");
    List<String> statusManagers = new java.util.ArrayList<>();
    List<String> finalizerManagers = new java.util.ArrayList<>();
    for (JsonNode entry : managed) {
      if ("status".equals(entry.path("subresource").asText())) {
        statusManagers.add(entry.path("manager").asText());
      }
      if (!entry.at("/fieldsV1/f:metadata/f:finalizers").isMissingNode()) {
        finalizerManagers.add(entry.path("manager").asText());
      }
    }
    assertThat(statusManagers).containsExactly("gotk-source-controller");
    assertThat(finalizerManagers).containsExactly("gotk-source-controller");
  }

  @Test
  @DisplayName("the controller's own finalizer and status writes do not trigger reconciles")
  void ownWritesDoNotLoop() {
    create();
    String version = awaitReadyAt(1).at("/metadata/resourceVersion").asText();

    assertNoMoreRuns(1);

    // And an unchanged status is not patched again: the object is untouched.
    assertThat(stored().at("/metadata/resourceVersion").asText()).isEqualTo(version);
  }

  @Test
  @DisplayName("a spec change marks Reconciling, then Ready at the new generation")
  void specChange() {
    create();
    awaitReadyAt(1);
    AtomicBoolean done = new AtomicBoolean();
    ScriptedGitRepository.Fetch success = kind.fetch;
    kind.fetch =
        context ->
            done.get() ? success.run(context) : StepResult.requeueAfter(Duration.ofMillis(200));

    edit(
        r -> {
          r.getSpec().setUrl("https://example.com/podinfo-v2.git");
          return r;
        });

    eventually()
        .untilAsserted(
            () -> {
              JsonNode object = stored();
              JsonNode reconciling = condition(object, "Reconciling");
              assertThat(reconciling.path("status").asText()).isEqualTo("True");
              assertThat(reconciling.path("reason").asText()).isEqualTo("Progressing");
              assertThat(reconciling.path("message").asText())
                  .isEqualTo("processing object: new generation 1 -> 2");
              assertThat(condition(object, "Ready").path("status").asText()).isEqualTo("Unknown");
              assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(1);
            });
    done.set(true);

    JsonNode object = awaitReadyAt(2);
    assertThat(condition(object, "Reconciling").isMissingNode()).isTrue();
    assertThat(condition(object, "Ready").path("observedGeneration").asLong()).isEqualTo(2);
    assertThat(kind.runs.get(kind.runs.size() - 1).generation()).isEqualTo(2);
  }

  @Test
  @DisplayName("another writer's status change during a reconcile survives the controller's patch")
  void concurrentStatusWriter() {
    ScriptedGitRepository.Fetch success = kind.fetch;
    kind.fetch =
        context -> {
          // Between the informer's read and the controller's status patch.
          GitRepositories.in(client, namespace, NAME)
              .editStatus(
                  r -> {
                    r.getStatus().setObservedIgnore("written by someone else");
                    return r;
                  });
          return success.run(context);
        };
    create();

    JsonNode object = awaitReadyAt(1);

    assertThat(object.at("/status/observedIgnore").asText()).isEqualTo("written by someone else");
    assertThat(kind.runs).hasSize(1);
  }

  @Test
  @DisplayName("a spec change during a reconcile is reconciled next, at the new generation")
  void specChangeDuringReconcile() {
    AtomicBoolean changed = new AtomicBoolean();
    ScriptedGitRepository.Fetch success = kind.fetch;
    kind.fetch =
        context -> {
          if (changed.compareAndSet(false, true)) {
            edit(
                r -> {
                  r.getSpec().setUrl("https://example.com/podinfo-v2.git");
                  return r;
                });
          }
          return success.run(context);
        };
    create();

    JsonNode object = awaitReadyAt(2);

    assertThat(condition(object, "Ready").path("observedGeneration").asLong()).isEqualTo(2);
    assertThat(kind.runs).extracting(ScriptedGitRepository.Run::generation).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName("requestedAt triggers a reconcile that echoes it; other metadata changes do not")
  void requestedAt() {
    create();
    awaitReadyAt(1);

    edit(
        r -> {
          r.getMetadata().setLabels(Map.of("team", "apps"));
          r.getMetadata().setAnnotations(Map.of("example.com/note", "x"));
          return r;
        });
    assertNoMoreRuns(1);
    edit(
        r -> {
          r.getMetadata()
              .getAnnotations()
              .put(Annotations.RECONCILE_REQUESTED_AT, "2025-06-01T10:00:00Z");
          return r;
        });

    eventually()
        .untilAsserted(
            () ->
                assertThat(stored().at("/status/lastHandledReconcileAt").asText())
                    .isEqualTo("2025-06-01T10:00:00Z"));
    assertThat(kind.runs).hasSize(2);
  }

  @Test
  @DisplayName("a suspended object is not reconciled, and resumes when unsuspended")
  void suspend() {
    create();
    awaitReadyAt(1);

    edit(
        r -> {
          r.getSpec().setSuspend(true);
          return r;
        });
    eventually().until(() -> gauge(ReconcileMetrics.SUSPEND, Map.of()) == 1.0);
    edit(
        r -> {
          r.getMetadata()
              .setAnnotations(Map.of(Annotations.RECONCILE_REQUESTED_AT, "2025-06-01T10:00:00Z"));
          return r;
        });
    assertNoMoreRuns(1);
    JsonNode suspended = stored();
    assertThat(suspended.at("/status/observedGeneration").asLong()).isEqualTo(1);
    assertThat(suspended.at("/status/lastHandledReconcileAt").isMissingNode()).isTrue();

    edit(
        r -> {
          r.getSpec().setSuspend(false);
          return r;
        });
    awaitReadyAt(3);
    assertThat(kind.runs).hasSize(2);
    assertThat(gauge(ReconcileMetrics.SUSPEND, Map.of())).isEqualTo(0.0);
  }

  @Test
  @DisplayName("a stalling error sets Stalled=True and Ready=False and is not retried")
  void stalling() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Stalling("InvalidURL", "unsupported URL scheme");
        };
    create();

    eventually()
        .untilAsserted(
            () -> {
              JsonNode object = stored();
              assertThat(condition(object, "Stalled").path("status").asText()).isEqualTo("True");
              assertThat(condition(object, "Stalled").path("reason").asText())
                  .isEqualTo("InvalidURL");
              assertThat(condition(object, "Ready").path("status").asText()).isEqualTo("False");
              assertThat(condition(object, "Ready").path("reason").asText())
                  .isEqualTo("InvalidURL");
              assertThat(condition(object, "Reconciling").isMissingNode()).isTrue();
              assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(1);
            });
    assertNoMoreRuns(1);
    assertThat(events())
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("InvalidURL");
            });
    assertThat(gauge(ReconcileMetrics.CONDITION, Map.of("type", "Ready", "status", "False")))
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName("a generic error is retried with growing backoff until it succeeds")
  void genericErrorBacksOff() {
    AtomicBoolean fixed = new AtomicBoolean();
    ScriptedGitRepository.Fetch success = kind.fetch;
    kind.fetch =
        context -> {
          if (fixed.get()) {
            return success.run(context);
          }
          throw new ReconcileError.Generic("GitOperationFailed", "connection refused")
              .withCondition("FetchFailed");
        };
    create();

    eventually()
        .untilAsserted(
            () -> {
              JsonNode object = stored();
              assertThat(condition(object, "Ready").path("status").asText()).isEqualTo("False");
              assertThat(condition(object, "Ready").path("reason").asText())
                  .isEqualTo("GitOperationFailed");
              assertThat(condition(object, "FetchFailed").path("status").asText())
                  .isEqualTo("True");
              assertThat(condition(object, "Reconciling").path("reason").asText())
                  .isEqualTo("ProgressingWithRetry");
              assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(-1);
              assertThat(kind.runs).hasSizeGreaterThanOrEqualTo(2);
            });
    fixed.set(true);

    JsonNode object = awaitReadyAt(1);
    assertThat(condition(object, "FetchFailed").isMissingNode()).isTrue();
    assertThat(condition(object, "Reconciling").isMissingNode()).isTrue();
    List<ScriptedGitRepository.Run> runs = List.copyOf(kind.runs);
    assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
    long firstGap = Duration.ofNanos(runs.get(1).nanoTime() - runs.get(0).nanoTime()).toMillis();
    long secondGap = Duration.ofNanos(runs.get(2).nanoTime() - runs.get(1).nanoTime()).toMillis();
    // FluxRetry: 750 ms, then 1.5 s.
    assertThat(firstGap).isBetween(700L, 5_000L);
    assertThat(secondGap).isBetween(1_400L, 10_000L);
    assertNoMoreRuns(runs.size());
  }

  @Test
  @DisplayName("deletion runs cleanup, removes the finalizer and the object's metrics")
  void deletion() {
    create();
    awaitReadyAt(1);

    GitRepositories.in(client, namespace, NAME).delete();

    eventually().until(() -> GitRepositories.stored(client, namespace, NAME).isEmpty());
    assertThat(kind.cleanedUp).containsExactly(NAME);
    eventually()
        .untilAsserted(
            () ->
                assertThat(registry.find(ReconcileMetrics.CONDITION).tag("name", NAME).gauges())
                    .isEmpty());
    assertThat(registry.find(ReconcileMetrics.DURATION).tag("name", NAME).timers()).isEmpty();
  }

  @Test
  @DisplayName("a failing cleanup keeps the finalizer and is retried")
  void failingCleanup() {
    kind.cleanupFailure = new IllegalStateException("storage unavailable");
    create();
    awaitReadyAt(1);

    GitRepositories.in(client, namespace, NAME).delete();

    eventually()
        .untilAsserted(
            () ->
                assertThat(events())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains("storage unavailable");
                        }));
    JsonNode deleting = stored();
    assertThat(deleting.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
    assertThat(deleting.at("/metadata/finalizers").toString())
        .isEqualTo("[\"finalizers.fluxcd.io\"]");
    kind.cleanupFailure = null;

    eventually().until(() -> GitRepositories.stored(client, namespace, NAME).isEmpty());
    assertThat(kind.cleanedUp).containsExactly(NAME);
  }
}
