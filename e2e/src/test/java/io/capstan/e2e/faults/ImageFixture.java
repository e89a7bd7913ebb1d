package io.capstan.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.image.v1.ScanResult;
import io.capstan.api.meta.Condition;
import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.fault.FaultProxy;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A private control plane, a real registry (Debian's docker-registry) on 127.0.0.1 behind a {@link
 * FaultProxy}, and image-reflector-controller as its own JVM from its jar with its tag storage on
 * disk; on demand ({@link #startAutomation}) a Git repository served over HTTP with push behind a
 * second FaultProxy, a GitRepository naming it and image-automation-controller as its own JVM.
 * ImageRepositories name the image through the proxy. A sampler records every tag each
 * ImagePolicy's {@code latestRef} ever showed, in order, so a test can prove a policy never fell
 * back to an older tag nor selected one twice.
 */
final class ImageFixture implements AutoCloseable {

  static final String NS = "flux-system";

  final KubeControlPlane plane;
  final KubernetesClient client;
  final OciRegistry registry;
  final FaultProxy proxy;

  /** The image as the controller sees it: {@code 127.0.0.1:<proxy port>/webapp}. */
  final String image;

  /** Set by {@link #startAutomation}. */
  TestGitRepository repository;

  GitHttpServer gitServer;
  FaultProxy gitProxy;

  /** Set by {@link #startNotification}: every body the webhook received, in order. */
  final List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();

  FaultProxy webhookProxy;
  private com.sun.net.httpserver.HttpServer webhook;
  private JarProcess notification;
  private int notificationRuns;
  private final int eventsPort;

  private final Path storage;
  private final Path logs;
  private JarProcess controller;
  private JarProcess automation;
  private int automationRuns;
  private int runs;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, List<String>> latestTagsSeen = new ConcurrentHashMap<>();

  ImageFixture(Path tmp) throws IOException {
    this(tmp, false);
  }

  /**
   * As above; with {@code events}, image-reflector-controller sends its events to {@code
   * --events-addr=http://127.0.0.1:<eventsPort>/}, where {@link #startNotification} starts
   * notification-controller.
   */
  ImageFixture(Path tmp, boolean events) throws IOException {
    eventsPort = events ? JarProcess.freePort() : -1;
    logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "faults");
    Files.createDirectories(logs);
    storage = Files.createDirectories(tmp.resolve("image-reflector-storage"));
    registry = OciRegistry.builder().start();
    proxy = FaultProxy.to("127.0.0.1", Integer.parseInt(registry.host().split(":")[1]));
    image = "127.0.0.1:" + proxy.port() + "/webapp";
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
    startController();
    sampler.scheduleWithFixedDelay(this::samplePolicies, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Starts image-reflector-controller (again) on the same tag storage. */
  void startController() throws IOException {
    controller =
        JarProcess.start(
            jar(),
            plane.kubeconfig(),
            logs.resolve("image-reflector-controller-" + ++runs + ".log"),
            Map.of("RUNTIME_NAMESPACE", NS),
            eventsPort < 0
                ? List.of(
                    "--storage-path=" + storage,
                    "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                    "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                    "--concurrent=2")
                : List.of(
                    "--storage-path=" + storage,
                    "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                    "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                    "--concurrent=2",
                    "--events-addr=http://127.0.0.1:" + eventsPort + "/"));
  }

  /**
   * A webhook on loopback (records every body, answers 200) behind {@link #webhookProxy}, and
   * notification-controller taking events on the fixture's events port; a {@code generic} Provider
   * {@code webhook} pointing through the proxy.
   */
  void startNotification() throws IOException {
    webhook =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext(
        "/",
        exchange -> {
          try (exchange) {
            delivered.add(
                new String(
                    exchange.getRequestBody().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
          }
        });
    webhook.start();
    webhookProxy = FaultProxy.to("127.0.0.1", webhook.getAddress().getPort());
    startNotificationController();
    client
        .resource(
            """
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata: {name: webhook, namespace: %s}
            spec: {type: generic, address: "http://127.0.0.1:%d/alerts"}
            """
                .formatted(NS, webhookProxy.port()))
        .serverSideApply();
  }

  /** Starts notification-controller (again) on the same events port. */
  void startNotificationController() throws IOException {
    notification =
        JarProcess.start(
            notificationJar(),
            plane.kubeconfig(),
            logs.resolve("notification-controller-" + ++notificationRuns + ".log"),
            Map.of("RUNTIME_NAMESPACE", NS),
            List.of(
                "--events-addr=127.0.0.1:" + eventsPort,
                "--receiverAddr=127.0.0.1:" + JarProcess.freePort(),
                "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                "--metrics-addr=127.0.0.1:" + JarProcess.freePort()));
  }

  JarProcess notificationController() {
    return notification;
  }

  private static Path notificationJar() {
    String configured = System.getProperty("capstan.e2e.notificationControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "notification-controller", "target", "capstan-notification-controller.jar");
  }

  JarProcess controller() {
    return controller;
  }

  /** A test JVM ended without close() must not leave a controller running. */
  private final Thread stopAtExit =
      new Thread(
          () -> {
            for (JarProcess process : new JarProcess[] {controller, automation, notification}) {
              if (process != null) {
                process.killHard();
              }
            }
          });

  {
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  private static Path jar() {
    String configured = System.getProperty("capstan.e2e.imageReflectorControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "image-reflector", "target", "capstan-image-reflector-controller.jar");
  }

  private static Path automationJar() {
    String configured = System.getProperty("capstan.e2e.imageAutomationControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "image-automation", "target", "capstan-image-automation-controller.jar");
  }

  static final String BRANCH = "main";
  static final String DEPLOYMENT = "app/deployment.yaml";

  /**
   * A bare repository whose {@code app/deployment.yaml} names {@code image:tag} with the setter
   * marker of policy {@code policy}, served with push behind {@link #gitProxy}; a GitRepository
   * {@code app} naming it through the proxy; image-automation-controller started.
   */
  void startAutomation(Path tmp, String tag, String policy) throws IOException {
    repository = TestGitRepository.create(tmp.resolve("automation.git"));
    repository.commit(
        BRANCH,
        "first",
        Map.of(
            DEPLOYMENT,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: %s:%s # {"$imagepolicy": "%s:%s"}
            """
                .formatted(image, tag, NS, policy)));
    gitServer = GitHttpServer.builder().allowPush(true).start();
    gitServer.serve("app", repository.repository());
    gitProxy = FaultProxy.to("127.0.0.1", gitServer.port());
    acceptPushes();
    startAutomationController();
  }

  private GitHttpServer readOnlyServer;

  /**
   * Points the GitRepository at a second server for the same repository that refuses every push
   * (toolkit-testing's {@code allowPush(false)}: clones work, {@code git-receive-pack} is refused).
   */
  void rejectPushes() {
    if (readOnlyServer == null) {
      readOnlyServer = GitHttpServer.builder().allowPush(false).start();
      readOnlyServer.serve("app", repository.repository());
    }
    setGitRepositoryUrl(readOnlyServer.url("app").toString());
  }

  /** Points the GitRepository back at the server that accepts pushes (through the proxy). */
  void acceptPushes() {
    setGitRepositoryUrl(gitProxy.rewrite(gitServer.url("app")).toString());
  }

  private void setGitRepositoryUrl(String url) {
    client
        .resource(
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: app, namespace: %s}
            spec:
              interval: 1h
              url: %s
              ref: {branch: %s}
            """
                .formatted(NS, url, BRANCH))
        .serverSideApply();
  }

  /** Starts image-automation-controller (again). */
  void startAutomationController() throws IOException {
    automation =
        JarProcess.start(
            automationJar(),
            plane.kubeconfig(),
            logs.resolve("image-automation-controller-" + ++automationRuns + ".log"),
            Map.of("RUNTIME_NAMESPACE", NS),
            List.of(
                "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                "--concurrent=2"));
  }

  JarProcess automationController() {
    return automation;
  }

  void applyAutomation(String name, String interval) {
    client
        .resource(
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImageUpdateAutomation
            metadata: {name: %s, namespace: %s}
            spec:
              interval: %s
              sourceRef: {kind: GitRepository, name: app}
              git:
                checkout:
                  ref: {branch: %s}
                commit:
                  author: {name: fluxcdbot, email: fluxcdbot@users.noreply.github.com}
                  messageTemplate: "Update image"
                push:
                  branch: %s
              update:
                path: ./app
                strategy: Setters
            """
                .formatted(name, NS, interval, BRANCH, BRANCH))
        .serverSideApply();
  }

  ImageUpdateAutomation automation(String name) {
    return client.resources(ImageUpdateAutomation.class).inNamespace(NS).withName(name).get();
  }

  Optional<Condition> automationCondition(String name, String type) {
    ImageUpdateAutomation a = automation(name);
    return a == null || a.getStatus() == null
        ? Optional.empty()
        : condition(a.getStatus().getConditions(), type);
  }

  /** The remote's first-parent log of {@link #BRANCH}, newest first. */
  List<RevCommit> remoteLog() throws IOException {
    List<RevCommit> log = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository.repository())) {
      RevCommit c = walk.parseCommit(repository.head(BRANCH));
      while (c != null) {
        log.add(c);
        c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
      }
    }
    return log;
  }

  String deploymentAt(ObjectId commit) {
    return repository.files(commit).get(DEPLOYMENT);
  }

  /** Pushes {@code webapp:tag} to the registry directly (not through the proxy). */
  void push(String tag) {
    registry.pushArtifact("webapp", tag, Map.of("version", tag));
  }

  void applyImageRepository(String name, String interval, String timeout) {
    client
        .resource(
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImageRepository
            metadata: {name: %s, namespace: %s}
            spec:
              image: %s
              interval: %s
              timeout: %s
              insecure: true
            """
                .formatted(name, NS, image, interval, timeout))
        .serverSideApply();
  }

  void applyImagePolicy(String name, String repository, String range) {
    client
        .resource(
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImagePolicy
            metadata: {name: %s, namespace: %s}
            spec:
              imageRepositoryRef: {name: %s}
              policy:
                semver: {range: "%s"}
            """
                .formatted(name, NS, repository, range))
        .serverSideApply();
  }

  ImageRepository imageRepository(String name) {
    return client.resources(ImageRepository.class).inNamespace(NS).withName(name).get();
  }

  ImagePolicy imagePolicy(String name) {
    return client.resources(ImagePolicy.class).inNamespace(NS).withName(name).get();
  }

  Optional<ScanResult> lastScan(String repository) {
    ImageRepository r = imageRepository(repository);
    return r == null || r.getStatus() == null
        ? Optional.empty()
        : Optional.ofNullable(r.getStatus().getLastScanResult());
  }

  Optional<String> latestTag(String policy) {
    ImagePolicy p = imagePolicy(policy);
    return p == null || p.getStatus() == null || p.getStatus().getLatestRef() == null
        ? Optional.empty()
        : Optional.ofNullable(p.getStatus().getLatestRef().getTag());
  }

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  Optional<Condition> repositoryCondition(String name, String type) {
    ImageRepository r = imageRepository(name);
    return r == null || r.getStatus() == null
        ? Optional.empty()
        : condition(r.getStatus().getConditions(), type);
  }

  Optional<Condition> policyCondition(String name, String type) {
    ImagePolicy p = imagePolicy(name);
    return p == null || p.getStatus() == null
        ? Optional.empty()
        : condition(p.getStatus().getConditions(), type);
  }

  /**
   * Waits until the repository's last scan found {@code tags} tags, Ready=True, and the policy
   * selects {@code tag}; returns the time it took.
   */
  Duration awaitSelected(String repository, int tags, String policy, String tag, Duration timeout) {
    long start = System.nanoTime();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(lastScan(repository).orElseThrow().getTagCount()).isEqualTo(tags);
              assertThat(repositoryCondition(repository, "Ready").orElseThrow().getStatus())
                  .hasToString("True");
              assertThat(latestTag(policy)).contains(tag);
              assertThat(policyCondition(policy, "Ready").orElseThrow().getStatus())
                  .hasToString("True");
            });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Waits until the repository is Ready=False with {@code reason}; returns the message. */
  String awaitRepositoryFailure(String repository, String reason, Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              Condition ready = repositoryCondition(repository, "Ready").orElseThrow();
              return "False".equals(String.valueOf(ready.getStatus()))
                      && reason.equals(ready.getReason())
                  ? ready.getMessage()
                  : null;
            },
            m -> m != null);
  }

  private synchronized void samplePolicies() {
    try {
      for (ImagePolicy p : client.resources(ImagePolicy.class).inNamespace(NS).list().getItems()) {
        if (p.getStatus() == null || p.getStatus().getLatestRef() == null) {
          continue;
        }
        List<String> seen =
            latestTagsSeen.computeIfAbsent(p.getMetadata().getName(), n -> new ArrayList<>());
        String tag = p.getStatus().getLatestRef().getTag();
        synchronized (seen) {
          if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(tag)) {
            seen.add(tag);
          }
        }
      }
    } catch (RuntimeException ignored) {
      // retried on the next tick
    }
  }

  /** Every tag the policy's latestRef showed, in order, consecutive repeats collapsed. */
  List<String> latestTagsSeen(String policy) {
    samplePolicies(); // the newest state too, not only what the last tick saw
    List<String> seen = latestTagsSeen.getOrDefault(policy, List.of());
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops it
    }
    if (controller != null) {
      controller.close();
    }
    if (automation != null) {
      automation.close();
    }
    if (notification != null) {
      notification.close();
    }
    if (webhookProxy != null) {
      webhookProxy.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
    proxy.close();
    registry.close();
    if (gitProxy != null) {
      gitProxy.close();
    }
    if (gitServer != null) {
      gitServer.close();
    }
    if (readOnlyServer != null) {
      readOnlyServer.close();
    }
    if (repository != null) {
      repository.close();
    }
    plane.close();
  }
}
