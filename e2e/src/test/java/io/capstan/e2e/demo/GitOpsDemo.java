package io.capstan.e2e.demo;

import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The running demo: a cluster, the webapp's Git repository, source-controller and
 * kustomize-controller as separate JVM processes, and the GitRepository + Kustomization that tie
 * them together. Controller logs go to {@code target/e2e-logs/<label>/}.
 */
final class GitOpsDemo implements AutoCloseable {

  /** {@code spec.interval} of the GitRepository: how quickly a commit is noticed. */
  static final Duration SOURCE_INTERVAL = Duration.ofSeconds(2);

  /** {@code spec.interval} of the Kustomization: how quickly drift is reverted. */
  static final Duration KUSTOMIZATION_INTERVAL = Duration.ofSeconds(10);

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  final DemoCluster cluster;
  final DemoRepository repository;
  final DemoState state;
  final Path logs;
  private final Path work;
  private final List<JarProcess> processes = new ArrayList<>();
  private JarProcess sourceController;
  private int kustomizeControllerRuns;

  private GitOpsDemo(DemoCluster cluster, DemoRepository repository, Path work, Path logs) {
    this.cluster = cluster;
    this.repository = repository;
    this.state = new DemoState(cluster.client());
    this.work = work;
    this.logs = logs;
  }

  /**
   * Creates the Git repository from {@code examples/webapp} on {@code cluster} and starts
   * source-controller; kustomize-controller is started by the caller ({@link
   * #startKustomizeController}).
   */
  static GitOpsDemo start(DemoCluster cluster, String label) {
    return start(cluster, label, List.of());
  }

  /** As {@link #start(DemoCluster, String)}, with extra source-controller flags. */
  static GitOpsDemo start(DemoCluster cluster, String label, List<String> sourceFlags) {
    try {
      Path work = Files.createTempDirectory("capstan-e2e-demo");
      Path logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs")).resolve(label);
      Files.createDirectories(logs);
      DemoRepository repository = DemoRepository.create(work.resolve("git"), webappDirectory());
      GitOpsDemo demo = new GitOpsDemo(cluster, repository, work, logs);
      demo.sourceController = demo.startSourceController(sourceFlags);
      return demo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path webappDirectory() {
    String configured = System.getProperty("capstan.e2e.webapp");
    Path dir =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir"), "..", "examples", "webapp");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "examples/webapp not found at " + dir + "; set -Dcapstan.e2e.webapp=");
    }
    return dir.toAbsolutePath().normalize();
  }

  private JarProcess startSourceController(List<String> extraFlags) throws IOException {
    int storagePort = io.capstan.local.kube.LoopbackPorts.ephemeral().next();
    Path storage = Files.createDirectories(work.resolve("artifacts"));
    JarProcess process =
        JarProcess.startReady(
            "source-controller",
            ControllerJars.sourceController(),
            cluster.kubeconfig(),
            DemoState.FLUX_NAMESPACE,
            concat(
                List.of(
                    "--storage-path=" + storage,
                    "--storage-addr=127.0.0.1:" + storagePort,
                    "--storage-adv-addr=127.0.0.1:" + storagePort,
                    "--concurrent=2"),
                extraFlags),
            logs,
            READY_TIMEOUT);
    processes.add(process);
    return process;
  }

  /**
   * Starts one more kustomize-controller process (logs in {@code kustomize-controller-N.log}).
   *
   * @param extraFlags e.g. {@code --enable-leader-election}
   */
  JarProcess startKustomizeController(String... extraFlags) {
    List<String> flags = new ArrayList<>(List.of("--concurrent=2"));
    flags.addAll(List.of(extraFlags));
    JarProcess process =
        JarProcess.startReady(
            "kustomize-controller-" + ++kustomizeControllerRuns,
            ControllerJars.kustomizeController(),
            cluster.kubeconfig(),
            DemoState.FLUX_NAMESPACE,
            flags,
            logs,
            READY_TIMEOUT);
    processes.add(process);
    return process;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Starts another controller process of this demo (stopped with it). */
  JarProcess startProcess(String name, Path jar, List<String> flags) {
    JarProcess process =
        JarProcess.startReady(
            name, jar, cluster.kubeconfig(), DemoState.FLUX_NAMESPACE, flags, logs, READY_TIMEOUT);
    processes.add(process);
    return process;
  }

  JarProcess sourceController() {
    return sourceController;
  }

  /** Creates the {@code flux-system} namespace, the GitRepository and the Kustomization. */
  void applyFluxObjects() {
    applyFluxObjects(SOURCE_INTERVAL);
  }

  /** As {@link #applyFluxObjects()}, with the GitRepository polling every {@code interval}. */
  void applyFluxObjects(Duration sourceInterval) {
    createFluxNamespace();
    applyGitRepositoryAndKustomization(sourceInterval);
  }

  /** Creates the {@code flux-system} namespace if needed. */
  void createFluxNamespace() {
    KubernetesClient client = cluster.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(DemoState.FLUX_NAMESPACE)
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
  }

  private void applyGitRepositoryAndKustomization(Duration sourceInterval) {
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: %s
          namespace: %s
        spec:
          interval: %ds
          url: %s
          ref:
            branch: %s
        """
            .formatted(
                DemoState.NAME,
                DemoState.FLUX_NAMESPACE,
                sourceInterval.toSeconds(),
                repository.url(),
                DemoRepository.BRANCH));
    apply(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
          namespace: %s
        spec:
          interval: %ds
          path: ./%s
          prune: true
          wait: true
          timeout: 1m
          sourceRef:
            kind: GitRepository
            name: %s
        """
            .formatted(
                DemoState.NAME,
                DemoState.FLUX_NAMESPACE,
                KUSTOMIZATION_INTERVAL.toSeconds(),
                DemoRepository.PATH,
                DemoState.NAME));
  }

  void apply(String yaml) {
    cluster.client().resource(yaml).fieldManager("capstan-e2e").forceConflicts().serverSideApply();
  }

  /** Stops every controller process this demo started, then the repository; not the cluster. */
  @Override
  public void close() {
    for (JarProcess process : processes) {
      process.close();
    }
    repository.close();
    deleteTree(work);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("[capstan-e2e] could not delete " + root + ": " + e);
    }
  }
}
