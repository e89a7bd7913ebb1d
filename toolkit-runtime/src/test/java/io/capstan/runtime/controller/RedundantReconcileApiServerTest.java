package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Annotations;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Java Operator SDK behaviour that {@link ReconcileMemo} mends, on a real API server with one
 * reconcile thread: events that arrive while an object waits behind a busy worker make it reconcile
 * twice without the memo (the second time with nothing new), once with it; an event that arrives
 * while the object's reconcile runs still reconciles it again.
 */
@WithKubernetes
class RedundantReconcileApiServerTest {

  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Records each run (name and the requestedAt it saw); blocks where a test holds a latch. */
  private static final class Recording implements KindReconciler<GitRepository> {
    final List<String> runs = new CopyOnWriteArrayList<>();
    final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

    /** The next run of {@code name} that sees {@code requestedAt} (null: any) waits for release. */
    void hold(String key) {
      holds.put(key, new CountDownLatch(1));
      entered.put(key, new CountDownLatch(1));
    }

    void awaitEntered(String key) throws InterruptedException {
      assertThat(entered.get(key).await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    void release(String key) {
      holds.get(key).countDown();
    }

    long runsOf(String name) {
      return runs.stream().filter(r -> r.startsWith(name + "@")).count();
    }

    @Override
    public ConditionTable conditions() {
      return ConditionTable.builder().positive("ArtifactInStorage").build();
    }

    @Override
    public List<Step<ReconcileContext<GitRepository>>> steps() {
      return List.of(
          Step.of(
              "reconcileSource",
              context -> {
                GitRepository r = context.resource();
                Map<String, String> annotations = r.getMetadata().getAnnotations();
                String token =
                    annotations == null
                        ? "-"
                        : annotations.getOrDefault(Annotations.RECONCILE_REQUESTED_AT, "-");
                String key = r.getMetadata().getName() + "@" + token;
                runs.add(key);
                CountDownLatch hold = holds.get(key);
                if (hold != null && entered.get(key).getCount() > 0) {
                  entered.get(key).countDown();
                  hold.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                context.conditions().markTrue("ArtifactInStorage", "Succeeded", "stored");
                context.succeededWith("Succeeded", "stored artifact");
                return StepResult.SUCCESS;
              }));
    }

    @Override
    public Duration interval(GitRepository resource) {
      return GoDuration.parse(resource.getSpec().getInterval());
    }
  }

  private final Recording kind = new Recording();
  private Operator operator;
  private FluxReconciler<GitRepository> reconciler;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
  }

  private void start(KubeControlPlane plane, String namespace, boolean memo) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(namespace))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    FluxReconcilerBuilder<GitRepository> builder =
        FluxReconciler.builder(kind).controllerName("source-controller").client(client);
    if (memo) {
      builder.skipUnchanged(ReconcileInputs.none());
    }
    reconciler = builder.build();
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(true)
                    .withConcurrentReconciliationThreads(1));
    FluxControllerConfiguration.register(
        operator, GitRepository.class, "gitrepository", Set.of(namespace), reconciler);
    operator.start();
  }

  private static void request(KubernetesClient client, String ns, String name, String token) {
    GitRepositories.in(client, ns, name)
        .edit(
            r -> {
              r.getMetadata().setAnnotations(Map.of(Annotations.RECONCILE_REQUESTED_AT, token));
              return r;
            });
  }

  private static void awaitHandled(KubernetesClient client, String ns, String name, String token) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                GitRepositories.stored(client, ns, name)
                    .map(o -> o.at("/status/lastHandledReconcileAt").asText())
                    .filter(token::equals)
                    .isPresent());
  }

  private void settle() {
    int[] seen = {kind.runs.size()};
    await()
        .atMost(TIMEOUT)
        .pollDelay(QUIET)
        .pollInterval(QUIET)
        .until(
            () -> {
              int now = kind.runs.size();
              boolean quiet = now == seen[0];
              seen[0] = now;
              return quiet;
            });
  }

  /** Two requests while "app" waits behind "slow" on the only worker; returns app's runs. */
  private long queuedBehindBusyWorker(KubernetesClient client, String ns) throws Exception {
    GitRepositories.create(client, ns, "app");
    awaitHandledReady(client, ns, "app");
    settle();
    long before = kind.runsOf("app");

    kind.hold("slow@-");
    GitRepositories.create(client, ns, "slow");
    kind.awaitEntered("slow@-");
    request(client, ns, "app", "first");
    Thread.sleep(300);
    request(client, ns, "app", "second");
    Thread.sleep(300);
    kind.release("slow@-");

    awaitHandled(client, ns, "app", "second");
    settle();
    return kind.runsOf("app") - before;
  }

  private static void awaitHandledReady(KubernetesClient client, String ns, String name) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                GitRepositories.stored(client, ns, name)
                    .map(o -> GitRepositories.condition(o, "Ready").path("status").asText())
                    .filter("True"::equals)
                    .isPresent());
  }

  @Test
  @DisplayName(
      "without the memo: events that arrive while an object waits for a worker reconcile it"
          + " twice, the second time with nothing new (the SDK behaviour)")
  void withoutMemoQueuedEventsReconcileTwice(
      KubeControlPlane plane, KubeNamespace ns, KubernetesClient client) throws Exception {
    start(plane, ns.name(), false);

    assertThat(queuedBehindBusyWorker(client, ns.name())).isEqualTo(2);
    assertThat(kind.runs).endsWith("app@second", "app@second");
  }

  @Test
  @DisplayName(
      "with the memo: events that arrive while an object waits for a worker make one reconcile,"
          + " which saw them all")
  void withMemoQueuedEventsReconcileOnce(
      KubeControlPlane plane, KubeNamespace ns, KubernetesClient client) throws Exception {
    start(plane, ns.name(), true);

    assertThat(queuedBehindBusyWorker(client, ns.name())).isEqualTo(1);
    assertThat(kind.runs).contains("app@second").doesNotContain("app@first");
    assertThat(reconciler.skippedReconciles()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName(
      "with the memo: a change that arrives while the object's reconcile runs reconciles it again")
  void changeDuringReconcileIsNotSkipped(
      KubeControlPlane plane, KubeNamespace ns, KubernetesClient client) throws Exception {
    start(plane, ns.name(), true);
    GitRepositories.create(client, ns.name(), "app");
    awaitHandledReady(client, ns.name(), "app");
    settle();

    kind.hold("app@during");
    request(client, ns.name(), "app", "during");
    kind.awaitEntered("app@during");
    request(client, ns.name(), "app", "after");
    kind.release("app@during");
    awaitHandled(client, ns.name(), "app", "after");
    settle();

    assertThat(kind.runs).endsWith("app@during", "app@after");

    // And a new generation queued behind nothing is reconciled too.
    long before = kind.runsOf("app");
    GitRepositories.in(client, ns.name(), "app")
        .edit(
            r -> {
              r.getSpec().setInterval("11m");
              return r;
            });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                GitRepositories.stored(client, ns.name(), "app")
                        .orElseThrow()
                        .at("/status/observedGeneration")
                        .asLong()
                    == 2);
    assertThat(kind.runsOf("app")).isEqualTo(before + 1);
  }
}
