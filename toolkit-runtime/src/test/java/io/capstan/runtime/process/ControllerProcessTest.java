package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.fault.FaultProxy;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two controller processes in one JVM, each with its own client, competing for one Lease on a real
 * API server.
 */
@WithKubernetes
class ControllerProcessTest {

  private static final String LEASE = "test-controller-leader-election";

  /** A Lease's MicroTime (RFC 3339 with microseconds, UTC). */
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");

  private static final Duration LEASE_DURATION = Duration.ofSeconds(6);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** One candidate: its process, how often its work started, and what it saw on stopping. */
  private final class Candidate {
    final AtomicInteger starts = new AtomicInteger();
    final List<String> holderWhenStopping = new CopyOnWriteArrayList<>();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ControllerProcess process;

    final AtomicLong startedAt = new AtomicLong();
    final AtomicLong stoppedAt = new AtomicLong();

    Candidate(KubeControlPlane plane, String ns, String identity, boolean release) {
      this(plane.clientConfig(ns), ns, identity, release, true);
    }

    /**
     * A candidate reaching the API server with {@code config}; {@code readHolderOnStop}: its work
     * reads the Lease holder when it stops (not through a partitioned link).
     */
    Candidate(
        Config config, String ns, String identity, boolean release, boolean readHolderOnStop) {
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      toClose.add(client);
      process =
          ControllerProcess.builder()
              .name("test-controller")
              .client(client)
              .identity(identity)
              .leaderElection(
                  new LeaderElectionSettings(
                      true,
                      LEASE,
                      ns,
                      LEASE_DURATION,
                      Duration.ofSeconds(4),
                      Duration.ofMillis(500),
                      release))
              .healthAddress("127.0.0.1:0")
              .metrics("127.0.0.1:0", registry, registry::scrape)
              .work(
                  () -> {
                    startedAt.set(System.nanoTime());
                    starts.incrementAndGet();
                    return () -> {
                      stoppedAt.set(System.nanoTime());
                      if (readHolderOnStop) {
                        holderWhenStopping.add(holder(client, ns));
                      }
                    };
                  })
              .build();
      toClose.add(process);
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private static String holder(KubernetesClient client, String ns) {
    Lease lease = client.resources(Lease.class).inNamespace(ns).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  @DisplayName(
      "only the Lease holder works; on shutdown it stops working before it releases the Lease"
          + " and the other candidate takes over")
  void electsOneAndHandsOver(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) throws Exception {
    String ns = namespace.name();
    Candidate a = new Candidate(plane, ns, "a", true);
    a.process.start();
    await().atMost(Duration.ofSeconds(20)).until(a.process::isLeader);
    Candidate b = new Candidate(plane, ns, "b", true);
    b.process.start();

    Thread.sleep(3_000); // several retry periods: b keeps trying and must not win
    assertThat(holder(admin, ns)).isEqualTo("a");
    assertThat(a.starts).hasValue(1);
    assertThat(b.starts).hasValue(0);
    assertThat(b.process.isLeader()).isFalse();
    assertThat(scrape(a)).contains("leader_election_master_status{name=\"" + LEASE + "\"} 1.0");
    assertThat(scrape(b)).contains("leader_election_master_status{name=\"" + LEASE + "\"} 0.0");
    assertThat(get(b.process.healthAddress().getPort(), "/readyz")).isEqualTo(200);
    assertThat(get(b.process.healthAddress().getPort(), "/healthz")).isEqualTo(200);

    long stopped = System.nanoTime();
    a.process.shutdown();
    assertThat(a.holderWhenStopping).containsExactly("a");
    assertThat(a.process.exitCode()).isCompletedWithValue(0);
    await().atMost(LEASE_DURATION).until(() -> b.starts.get() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - stopped))
        .as("a released Lease is taken at the next retry, not after the lease duration")
        .isLessThan(Duration.ofSeconds(4));
    assertThat(holder(admin, ns)).isEqualTo("b");
  }

  @Test
  @DisplayName("a leader that stops without releasing is replaced within the lease duration")
  void takesOverAnAbandonedLease(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) throws Exception {
    String ns = namespace.name();
    Candidate a = new Candidate(plane, ns, "a", false);
    a.process.start();
    await().atMost(Duration.ofSeconds(20)).until(a.process::isLeader);
    Candidate b = new Candidate(plane, ns, "b", true);
    b.process.start();

    a.process.shutdown();
    assertThat(holder(admin, ns)).as("not released").isEqualTo("a");
    await()
        .atMost(LEASE_DURATION.plusSeconds(3))
        .untilAsserted(() -> assertThat(holder(admin, ns)).isEqualTo("b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.starts.get() == 1);
  }

  @Test
  @DisplayName("a leader whose Lease is taken by someone else stops and ends with exit code 1")
  void lostLeaseEndsTheProcess(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) throws Exception {
    String ns = namespace.name();
    Candidate a = new Candidate(plane, ns, "a", true);
    a.process.start();
    await().atMost(Duration.ofSeconds(20)).until(a.process::isLeader);

    // the intruder takes the Lease with a merge patch (no resourceVersion): it cannot conflict
    // with the leader's renewals, which then fail their own optimistic update and see "intruder"
    admin
        .resources(Lease.class)
        .inNamespace(ns)
        .withName(LEASE)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"holderIdentity\":\"intruder\",\"renewTime\":\""
                + MICRO_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))
                + "\"}}");

    assertThat(a.process.exitCode().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(a.process.isLeader()).isFalse();
    a.process.shutdown();
    assertThat(a.process.exitCode()).isCompletedWithValue(1);
    assertThat(a.holderWhenStopping).containsExactly("intruder");
    assertThat(holder(admin, ns)).as("someone else's Lease is left alone").isEqualTo("intruder");
  }

  @Test
  @DisplayName(
      "a leader cut off from the API server (its link frozen) stops leading and ends with exit"
          + " code 1 within the renew deadline, before another candidate takes the Lease")
  void partitionedLeaderStopsWithinTheRenewDeadline(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) throws Exception {
    String ns = namespace.name();
    Config direct = plane.clientConfig(ns);
    FaultProxy link = FaultProxy.to(URI.create(direct.getMasterUrl()));
    toClose.add(link);
    Config proxied = plane.clientConfig(ns);
    proxied.setMasterUrl(link.rewrite(URI.create(direct.getMasterUrl())).toString());
    Candidate a = new Candidate(proxied, ns, "a", true, false);
    a.process.start();
    await().atMost(Duration.ofSeconds(20)).until(a.process::isLeader);
    Candidate b = new Candidate(plane, ns, "b", true);
    b.process.start();
    AtomicLong lostAt = new AtomicLong();
    a.process.exitCode().thenRun(() -> lostAt.set(System.nanoTime()));
    Thread.sleep(2_000); // a few renewals through the proxy
    assertThat(holder(admin, ns)).isEqualTo("a");

    long frozen = System.nanoTime();
    link.freeze();
    assertThat(a.process.exitCode().get(4 + 2, TimeUnit.SECONDS))
        .as("stops within renew deadline + 2 s of the partition (so of its last renewal)")
        .isEqualTo(1);
    long lost = lostAt.get();
    assertThat(a.process.isLeader()).isFalse();
    Duration afterFreeze = Duration.ofNanos(lost - frozen);
    assertThat(afterFreeze).isLessThan(Duration.ofSeconds(6));

    await().atMost(LEASE_DURATION.plusSeconds(3)).until(() -> b.starts.get() == 1);
    assertThat(b.startedAt.get())
        .as("no two leaders: a stopped before b started")
        .isGreaterThan(lost);
    assertThat(holder(admin, ns)).isEqualTo("b");
    System.err.printf(
        "[capstan] partition: leader lost %d ms after the freeze, follower started %d ms after it%n",
        afterFreeze.toMillis(), Duration.ofNanos(b.startedAt.get() - frozen).toMillis());

    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(a.process::shutdown);
    shutdown.get(10, TimeUnit.SECONDS); // neither the Lease nor the work blocks on the dead link
    assertThat(a.stoppedAt.get()).isPositive();
    assertThat(a.process.exitCode()).isCompletedWithValue(1);
    assertThat(b.process.isLeader()).isTrue();
  }

  private static String scrape(Candidate c) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + c.process.metricsAddress().getPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
