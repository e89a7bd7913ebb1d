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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A private control plane, a Git repository served over HTTP behind a {@link FaultProxy},
 * source-controller as its own JVM from its jar, and one GitRepository pointing through the proxy.
 * A sampler records every (revision, digest) the GitRepository's artifact ever shows, so a test can
 * prove nothing was produced twice.
 */
final class SourceFixture implements AutoCloseable {

  static final String NS = "flux-system";
  static final String NAME = "app";
  static final String BRANCH = "main";
  static final Duration INTERVAL = Duration.ofSeconds(2);

  final KubeControlPlane plane;
  final KubernetesClient client;
  final TestGitRepository repository;
  final GitHttpServer gitServer;
  final FaultProxy proxy;

  /** In front of the API server for source-controller only (null unless asked for). */
  final FaultProxy apiProxy;

  private final Path controllerKubeconfig;
  private final Path storage;
  private final Path logs;
  private final String label;
  private final int storagePort;
  private JarProcess sourceController;
  private int runs;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final Set<String> artifactsSeen = ConcurrentHashMap.newKeySet();

  SourceFixture(Path tmp, Path storage, String label) throws IOException {
    this(tmp, storage, label, false);
  }

  /**
   * As above; with {@code apiThroughProxy}, source-controller reaches the API server through {@link
   * #apiProxy} (its own kubeconfig names the proxy's port; TLS passes through), while the test's
   * client talks to the API server directly.
   */
  SourceFixture(Path tmp, Path storage, String label, boolean apiThroughProxy) throws IOException {
    this.storage = storage;
    this.label = label;
    this.logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "faults");
    Files.createDirectories(logs);
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
    repository.commit(BRANCH, "first", Map.of("app/config.yaml", "version: 1\n"));
    gitServer = GitHttpServer.builder().start();
    gitServer.serve("app", repository.repository());
    proxy = FaultProxy.to("127.0.0.1", gitServer.port(), 7);
    if (apiThroughProxy) {
      URI api = URI.create(client.getMasterUrl().toString());
      apiProxy = FaultProxy.to(api);
      String original = Files.readString(plane.kubeconfig());
      String authority = api.getHost() + ":" + api.getPort();
      assertThat(original).contains(authority);
      controllerKubeconfig = tmp.resolve(label + "-kubeconfig-via-proxy.yaml");
      Files.writeString(
          controllerKubeconfig, original.replace(authority, "127.0.0.1:" + apiProxy.port()));
    } else {
      apiProxy = null;
      controllerKubeconfig = plane.kubeconfig();
    }
    storagePort = JarProcess.freePort();
    startSourceController();
    client
        .resource(
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: %s
              namespace: %s
            spec:
              interval: %ds
              timeout: 5s
              url: %s
              ref:
                branch: %s
            """
                .formatted(
                    NAME, NS, INTERVAL.toSeconds(), proxy.rewrite(gitServer.url("app")), BRANCH))
        .create();
    sampler.scheduleWithFixedDelay(this::sampleArtifact, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Starts source-controller (again), on the same storage and artifact port. */
  void startSourceController() throws IOException {
    sourceController =
        JarProcess.start(
            jar(),
            controllerKubeconfig,
            logs.resolve(label + "-source-controller-" + ++runs + ".log"),
            Map.of("RUNTIME_NAMESPACE", NS),
            List.of(
                "--storage-path=" + storage,
                "--storage-addr=127.0.0.1:" + storagePort,
                "--storage-adv-addr=127.0.0.1:" + storagePort,
                "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                "--concurrent=2"));
  }

  JarProcess sourceController() {
    return sourceController;
  }

  /** A test JVM ended without close() (SIGTERM) must not leave a controller running. */
  private final Thread stopAtExit =
      new Thread(
          () -> {
            JarProcess process = sourceController;
            if (process != null) {
              process.killHard();
            }
          });

  {
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** SIGKILL, as the OOM killer or a node loss would. */
  void killSourceController() throws InterruptedException {
    sourceController.killHard();
  }

  private static Path jar() {
    String configured = System.getProperty("capstan.e2e.sourceControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "source-controller", "target", "capstan-source-controller.jar");
  }

  private void sampleArtifact() {
    try {
      artifact().ifPresent(a -> artifactsSeen.add(a.getRevision() + " " + a.getDigest()));
    } catch (RuntimeException ignored) {
      // the API server may be down on purpose: retried on the next tick
    }
  }

  GitRepository gitRepository() {
    return client.resources(GitRepository.class).inNamespace(NS).withName(NAME).get();
  }

  Optional<Artifact> artifact() {
    return Optional.ofNullable(gitRepository())
        .map(GitRepository::getStatus)
        .map(s -> s.getArtifact());
  }

  static Optional<Condition> condition(GitRepository repo, String type) {
    if (repo == null || repo.getStatus() == null || repo.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return repo.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static String revision(ObjectId commit) {
    return BRANCH + "@sha1:" + commit.name();
  }

  String headRevision() {
    return revision(repository.head(BRANCH));
  }

  /** Waits until the artifact is at {@code revision} and Ready=True; returns the time it took. */
  Duration awaitReadyAt(String revision, Duration timeout) {
    long start = System.nanoTime();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              GitRepository repo = gitRepository();
              assertThat(artifact()).map(Artifact::getRevision).contains(revision);
              Condition ready = condition(repo, "Ready").orElseThrow();
              assertThat(ready.getStatus()).hasToString("True");
              assertThat(condition(repo, "FetchFailed")).isEmpty();
              assertThat(condition(repo, "StorageOperationFailed")).isEmpty();
              assertThat(repo.getStatus().getObservedGeneration())
                  .isEqualTo(repo.getMetadata().getGeneration());
            });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Waits until condition {@code type} is True with {@code reason} and Ready=False with the same
   * reason; returns the condition's message.
   */
  String awaitFailure(String type, String reason, Duration timeout) {
    String[] message = new String[1];
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              GitRepository repo = gitRepository();
              Condition ready = condition(repo, "Ready").orElseThrow();
              assertThat(ready.getStatus()).hasToString("False");
              assertThat(ready.getReason()).isEqualTo(reason);
              Condition failed = condition(repo, type).orElseThrow();
              assertThat(failed.getStatus()).hasToString("True");
              assertThat(failed.getReason()).isEqualTo(reason);
              message[0] = failed.getMessage();
            });
    return message[0];
  }

  /** The artifact server serves the artifact the status names, at {@code revision}, whole. */
  void assertArtifactServed(String revision) throws Exception {
    Artifact artifact = artifact().orElseThrow();
    assertThat(artifact.getRevision()).isEqualTo(revision);
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(artifact.getUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).hasSize(artifact.getSize().intValue());
  }

  /** Nothing duplicated: every revision ever shown had exactly one digest. */
  void assertOneArtifactPerRevision() {
    Map<String, Long> digestsPerRevision =
        artifactsSeen.stream()
            .collect(Collectors.groupingBy(s -> s.split(" ")[0], Collectors.counting()));
    assertThat(digestsPerRevision).isNotEmpty();
    assertThat(digestsPerRevision.values()).as("digests per revision").allMatch(n -> n == 1);
  }

  /** Prints a measured time in the form RELIABILITY.md is filled from. */
  static void report(String row, Duration took) {
    System.err.printf("[capstan-faults] %s: %d ms%n", row, took.toMillis());
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops it
    }
    if (sourceController != null) {
      sourceController.close();
    }
    proxy.close();
    if (apiProxy != null) {
      apiProxy.close();
    }
    gitServer.close();
    repository.close();
    plane.close();
  }

  static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
