package io.capstan.runtime.controller;

import static io.capstan.runtime.testkind.GitRepositories.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerGroup;
import io.capstan.runtime.process.ProbeServer;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * controller-runtime's {@code workqueue_*} series as Prometheus scrapes them from {@code /metrics}
 * of a controller run the way every Capstan process runs it ({@link ControllerGroup} with the
 * process registry, one reconcile thread), reconciling real GitRepository objects on a real API
 * server.
 */
@WithKubernetes
class WorkQueueMetricsApiServerTest {

  private static final String QUEUE = "controller=\"gitrepository\"";
  private static final String NAME = "name=\"gitrepository\"";

  private final ScriptedGitRepository kind = new ScriptedGitRepository();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();
  private KubernetesClient client;
  private KubernetesClient controllerClient;
  private ControllerGroup group;
  private ProbeServer metrics;
  private String namespace;

  @BeforeEach
  void start(KubeControlPlane plane, KubeNamespace ns, KubernetesClient testClient)
      throws Exception {
    namespace = ns.name();
    client = testClient;
    controllerClient =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(namespace))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    FluxReconciler<GitRepository> reconciler =
        FluxReconciler.builder(kind)
            .controllerName("source-controller")
            .client(controllerClient)
            .meterRegistry(registry)
            .build();
    Controller controller =
        new Controller() {
          @Override
          public String name() {
            return "source-controller";
          }

          @Override
          public int concurrency() {
            return 1;
          }

          @Override
          public void register(Operator operator) {
            FluxControllerConfiguration.register(
                operator, GitRepository.class, "gitrepository", Set.of(namespace), reconciler);
          }

          @Override
          public Controller start() {
            throw new UnsupportedOperationException("runs in a group");
          }

          @Override
          public void close() {}
        };
    group = ControllerGroup.start(controllerClient, List.of(controller), registry);
    metrics = ProbeServer.metrics("127.0.0.1:0", registry::scrape);
  }

  @AfterEach
  void stop() {
    if (metrics != null) {
      metrics.close();
    }
    if (group != null) {
      group.close();
    }
    controllerClient.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
  }

  private String scrape() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of the one series {@code metric{labels...}} of the gitrepository queue. */
  private double value(String metric, String... labels) throws Exception {
    List<String> lines =
        scrape()
            .lines()
            .filter(line -> line.startsWith(metric + "{"))
            .filter(line -> line.contains(QUEUE) && line.contains(NAME))
            .filter(line -> List.of(labels).stream().allMatch(line::contains))
            .toList();
    assertThat(lines).as("series %s %s", metric, List.of(labels)).hasSize(1);
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private void awaitReady(String name) {
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        condition(
                                GitRepositories.stored(client, namespace, name).orElseThrow(),
                                "Ready")
                            .path("status")
                            .asText())
                    .isEqualTo("True"));
  }

  @Test
  @DisplayName(
      "adds, retries, queue and work durations, depth and in-progress work of the controller's"
          + " queue on /metrics")
  void workQueueSeries() throws Exception {
    AtomicInteger failures = new AtomicInteger(2);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedGitRepository.Fetch success = kind.fetch;
    kind.fetch =
        context -> {
          if (context.resource().getMetadata().getName().startsWith("held")) {
            release.await(60, TimeUnit.SECONDS);
          } else if (failures.getAndDecrement() > 0) {
            throw new ReconcileError.Generic("GitOperationFailed", "connection refused");
          }
          return success.run(context);
        };

    // Series exist from registration, as controller-runtime creates them with the queue.
    assertThat(value("workqueue_depth", "priority=\"\"")).isZero();
    assertThat(value("workqueue_adds_total")).isZero();

    // Two failures retried with backoff, then a success requeued after spec.interval.
    GitRepositories.create(client, namespace, "podinfo");
    awaitReady("podinfo");
    eventually()
        .untilAsserted(
            () -> {
              assertThat(value("workqueue_work_duration_seconds_count")).isEqualTo(3);
              assertThat(value("workqueue_queue_duration_seconds_count")).isEqualTo(3);
              // the create event and the two retry timers
              assertThat(value("workqueue_adds_total")).isEqualTo(3);
              // two backoffs after errors and one requeue after the interval
              assertThat(value("workqueue_retries_total")).isEqualTo(3);
              assertThat(value("workqueue_work_duration_seconds_bucket", "le=\"1000.0\""))
                  .isEqualTo(3);
              assertThat(value("workqueue_depth", "priority=\"\"")).isZero();
              assertThat(value("workqueue_unfinished_work_seconds")).isZero();
              assertThat(value("workqueue_longest_running_processor_seconds")).isZero();
            });

    // One reconcile stuck on the only thread: its work shows as unfinished, the next object waits.
    GitRepositories.create(client, namespace, "held");
    eventually()
        .untilAsserted(
            () -> {
              assertThat(value("workqueue_longest_running_processor_seconds")).isGreaterThan(0.3);
              assertThat(value("workqueue_unfinished_work_seconds")).isGreaterThan(0.3);
            });
    GitRepositories.create(client, namespace, "waiting");
    eventually()
        .untilAsserted(() -> assertThat(value("workqueue_depth", "priority=\"\"")).isEqualTo(1));
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(value("workqueue_depth", "priority=\"\"")).isEqualTo(1);
    release.countDown();

    awaitReady("held");
    awaitReady("waiting");
    eventually()
        .untilAsserted(
            () -> {
              assertThat(value("workqueue_work_duration_seconds_count")).isEqualTo(5);
              assertThat(value("workqueue_queue_duration_seconds_count")).isEqualTo(5);
              assertThat(value("workqueue_adds_total")).isEqualTo(5);
              assertThat(value("workqueue_depth", "priority=\"\"")).isZero();
              assertThat(value("workqueue_unfinished_work_seconds")).isZero();
              assertThat(value("workqueue_longest_running_processor_seconds")).isZero();
            });
    // "waiting" stayed queued behind the held reconcile for more than 0.3 s
    assertThat(value("workqueue_queue_duration_seconds_bucket", "le=\"0.1\""))
        .isLessThan(value("workqueue_queue_duration_seconds_count"));
    // the held reconcile ran for more than 0.3 s
    assertThat(value("workqueue_work_duration_seconds_bucket", "le=\"0.1\""))
        .isLessThan(value("workqueue_work_duration_seconds_count"));
  }
}
