package io.capstan.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.fault.FaultProxy;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability row: a network partition between the leader and the API server. Two source-controller
 * replicas (their own JVMs, leader election on, Lease 6 s / renew deadline 4 s / retry 1 s), each
 * reaching the API server through its own {@link FaultProxy}. The leader's proxy freezes: the
 * leader must give up (stop leading and exit 1) before the follower acquires the Lease — never two
 * writers — and the follower converges on the commit made meanwhile.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("network partition leader <-> API server: the leader stops before the follower leads")
class LeaderPartitionFaultsTest {

  private static final String NS = "flux-system";
  private static final Pattern TS =
      Pattern.compile(
          "\"ts\":\"([^\"]+)\"[^\\n]*\"msg\":\"(successfully acquired lease|leader"
              + " election lost)");

  private KubeControlPlane plane;
  private KubernetesClient client;
  private TestGitRepository repository;
  private GitHttpServer git;
  private FaultProxy proxyA;
  private FaultProxy proxyB;
  private JarProcess replicaA;
  private JarProcess replicaB;
  private Path tmp;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer());
    client = plane.client();
    CustomResourceDefinitions.install(
        client,
        CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
        Duration.ofSeconds(60));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    repository = TestGitRepository.create(tmp.resolve("repo.git"));
    repository.commit("main", "v1", Map.of("app/config.yaml", "version: 1\n"));
    git = GitHttpServer.builder().start();
    git.serve("app", repository.repository());
    URI api = URI.create(client.getMasterUrl().toString());
    proxyA = FaultProxy.to(api);
    proxyB = FaultProxy.to(api);
    replicaA = replica("a", proxyA, api);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> replicaA.log().contains("successfully acquired lease"));
    replicaB = replica("b", proxyB, api);
  }

  private JarProcess replica(String name, FaultProxy proxy, URI api) throws Exception {
    String authority = api.getHost() + ":" + api.getPort();
    Path kubeconfig = tmp.resolve(name + "-kubeconfig.yaml");
    Files.writeString(
        kubeconfig,
        Files.readString(plane.kubeconfig()).replace(authority, "127.0.0.1:" + proxy.port()));
    int storagePort = JarProcess.freePort();
    Path logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "faults");
    return JarProcess.start(
        jar(),
        kubeconfig,
        Files.createDirectories(logs).resolve("partition-source-controller-" + name + ".log"),
        Map.of("RUNTIME_NAMESPACE", NS),
        List.of(
            "--storage-path=" + tmp.resolve(name + "-storage"),
            "--storage-addr=127.0.0.1:" + storagePort,
            "--storage-adv-addr=127.0.0.1:" + storagePort,
            "--health-addr=127.0.0.1:" + JarProcess.freePort(),
            "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
            "--enable-leader-election",
            "--leader-election-lease-duration=6s",
            "--leader-election-renew-deadline=4s",
            "--leader-election-retry-period=1s"));
  }

  private static Path jar() {
    String configured = System.getProperty("capstan.e2e.sourceControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "source-controller", "target", "capstan-source-controller.jar");
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {replicaA, replicaB, proxyA, proxyB, git}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
    if (repository != null) {
      repository.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  private GitRepository gitRepository() {
    return client.resources(GitRepository.class).inNamespace(NS).withName("app").get();
  }

  private Duration awaitReadyAt(String revision, Duration timeout) {
    long begin = System.nanoTime();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              GitRepository repo = gitRepository();
              assertThat(Optional.ofNullable(repo.getStatus().getArtifact()))
                  .map(Artifact::getRevision)
                  .contains(revision);
              Condition ready =
                  repo.getStatus().getConditions().stream()
                      .filter(c -> "Ready".equals(c.getType()))
                      .findFirst()
                      .orElseThrow();
              assertThat(ready.getStatus()).hasToString("True");
            });
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  /** The log time of the first line of {@code event} in {@code log}. */
  private static Optional<Instant> when(String log, String event) {
    Matcher m = TS.matcher(log);
    while (m.find()) {
      if (m.group(2).equals(event)) {
        return Optional.of(Instant.parse(m.group(1)));
      }
    }
    return Optional.empty();
  }

  @Test
  @DisplayName(
      "the leader's link to the API server frozen: it stops leading and exits 1 before the"
          + " follower acquires the Lease; the follower converges on the commit made meanwhile")
  void partitionedLeaderStepsDown() throws Exception {
    client
        .resource(
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: %s
            spec:
              interval: 2s
              timeout: 5s
              url: %s
              ref:
                branch: main
            """
                .formatted(NS, git.url("app")))
        .create();
    String first = "main@sha1:" + repository.head("main").name();
    SourceFixture.report("partition baseline ready", awaitReadyAt(first, Duration.ofSeconds(120)));
    assertThat(replicaB.log()).doesNotContain("successfully acquired lease");

    long begin = System.nanoTime();
    proxyA.freeze();
    RevCommit next = repository.commit("main", "v2", Map.of("app/config.yaml", "version: 2\n"));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !replicaA.isAlive());
    Instant exited = Instant.now(); // at most a poll interval after the process ended
    SourceFixture.report(
        "partition: leader exited after", Duration.ofNanos(System.nanoTime() - begin));
    assertThat(replicaA.terminate(Duration.ofSeconds(1)))
        .as("a lost Lease ends the process with 1")
        .isEqualTo(1);
    Duration converge = awaitReadyAt("main@sha1:" + next.name(), Duration.ofSeconds(120));
    SourceFixture.report(
        "partition: follower converged after", Duration.ofNanos(System.nanoTime() - begin));

    Instant lost = when(replicaA.log(), "leader election lost").orElseThrow();
    Instant acquired = when(replicaB.log(), "successfully acquired lease").orElseThrow();
    System.err.printf(
        "[capstan-faults] partition: leader lost the lease at %s, its process gone by %s,"
            + " follower acquired at %s (%d ms after the loss); converge wait %d ms%n",
        lost, exited, acquired, Duration.between(lost, acquired).toMillis(), converge.toMillis());
    assertThat(lost).as("the old leader stops before the new one starts").isBefore(acquired);
    assertThat(exited)
        .as("the old leader's process is gone before the new one leads: no two writers")
        .isBefore(acquired);
    assertThat(replicaB.isAlive()).isTrue();
  }
}
