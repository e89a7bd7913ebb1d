package io.capstan.cli;

import io.capstan.local.git.LocalGitServer;
import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeBinaries;
import io.capstan.local.kube.KubeBinaryProvisioner;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.notification.NotificationController;
import io.capstan.notification.receiver.WebhookPath;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.process.ControllerGroup;
import io.capstan.runtime.process.ControllerProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * {@code capstan run --local}: a local control plane from toolkit-local (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, one kwok node), an in-process Git HTTP server holding
 * the {@link ExampleApplication}, every controller in this JVM ({@link AllControllers}, on the same
 * process support as {@code capstan run}), and a GitRepository + Kustomization ({@link
 * DemoObjects}) for the app. When Debian's {@code docker-registry} is installed, a {@link
 * LocalRegistry} holds the app's image and image automation (ImageRepository, ImagePolicy,
 * ImageUpdateAutomation) commits every new tag to the Git server. The status table is shown live
 * until Ctrl-C; then everything started here is stopped, in reverse order, and the state directory
 * is deleted.
 */
final class LocalDemo {

  private final RunCommand flags;
  private final PrintWriter out;
  private final ShutdownSignal signal;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private String image; // the demo image (registry/name) when a local registry runs
  private NotificationSink notifications; // the demo Provider's webhook
  private String receiverUrl; // the demo generic Receiver's webhook URL

  private LocalDemo(RunCommand flags, PrintWriter out, ShutdownSignal signal) {
    this.flags = flags;
    this.out = out;
    this.signal = signal;
  }

  /** Runs the demo until the JVM is asked to stop (or the calling thread is interrupted). */
  static int run(RunCommand flags, PrintWriter out) throws Exception {
    flags.settings(Path.of("artifacts"), System.getenv("RUNTIME_NAMESPACE")); // validate first
    try (ShutdownSignal signal = ShutdownSignal.onJvmShutdown()) {
      LocalDemo demo = new LocalDemo(flags, out, signal);
      try {
        demo.startAndShow();
      } finally {
        demo.stopAll();
      }
    }
    return 0;
  }

  private void say(String line) {
    out.println("[capstan] " + line);
    out.flush();
  }

  private void startAndShow() throws Exception {
    StateDirectory state = StateDirectory.open(flags.stateDir);
    started.push(state);
    RunSettings settings = flags.settings(state.artifacts(), System.getenv("RUNTIME_NAMESPACE"));
    RunCommand.configureFileLogging(settings.process(), state.log());
    say("state directory " + state.root() + " (controller logs in " + state.log() + ")");

    say("looking for the Kubernetes binaries (built once per machine if missing)");
    KubeControlPlane.Options planeOptions = KubeControlPlane.Options.cluster(1);
    planeOptions =
        new KubeControlPlane.Options(
            true, 1, planeOptions.ports(), planeOptions.startupTimeout(), state.kube());
    KubeBinaries binaries =
        KubeBinaryProvisioner.fromEnvironment(line -> say("  " + line))
            .provision(planeOptions.requiredBinaries());
    if (signal.stopped()) {
      return;
    }
    say("starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler and a kwok node");
    KubeControlPlane plane = KubeControlPlane.start(binaries, planeOptions);
    ChildProcesses processes = ChildProcesses.ofThisJvm();
    started.push(
        () -> {
          try {
            plane.close();
          } finally {
            processes.close(); // whatever a group signal orphaned
          }
        });
    say(
        String.format(
            "control plane ready at %s in %.1f s",
            plane.apiServerUrl(), plane.startupTime().toMillis() / 1000.0));

    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig("default"))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    started.push(client);
    List<String> crds =
        CustomResourceDefinitions.install(
            client,
            CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
            Duration.ofSeconds(60));
    say("installed " + crds.size() + " Flux CRDs");
    if (signal.stopped()) {
      return;
    }

    Map<String, String> app = ExampleApplication.files();
    Optional<Path> registryBinary = LocalRegistry.binary();
    if (registryBinary.isPresent()) {
      LocalRegistry registry = LocalRegistry.start(registryBinary.get(), state.registry());
      started.push(registry);
      image = registry.host() + "/" + DemoObjects.NAME;
      registry.push(DemoObjects.NAME, "1.0.0", writeVersion(state.registry(), "1.0.0"));
      app =
          ExampleApplication.withMarkedImage(
              app, image + ":1.0.0", DemoObjects.NAMESPACE, DemoObjects.NAME);
      say("image registry at http://" + registry.host() + " holds " + image + ":1.0.0");
    } else {
      say(
          "no image registry: install Debian's docker-registry (or set CAPSTAN_DOCKER_REGISTRY)"
              + " to add image automation to the demo");
    }

    LocalGitServer git = LocalGitServer.start();
    started.push(git);
    RevCommit commit =
        git.create("webapp", state.gitRepository(), "main", "webapp: first version", app);
    URI cloneUrl = git.url("webapp");
    say("Git server holds the example app: " + cloneUrl + " (main@sha1:" + commit.name() + ")");

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicReference<ControllerGroup> group = new AtomicReference<>();
    ControllerProcess process = RunCommand.start(settings, client, registry, group::set);
    started.push(process);
    if (process.exitCode().isDone()) {
      throw new IllegalStateException("the controllers did not start (see " + state.log() + ")");
    }
    say(settings.names() + " started (artifacts: " + RunCommand.artifacts(group.get()) + ")");
    if (process.metricsAddress() != null) {
      say("metrics: " + RunCommand.endpoint(process.metricsAddress(), "/metrics"));
    }
    if (process.healthAddress() != null) {
      say("health: " + RunCommand.endpoint(process.healthAddress(), "/healthz, /readyz"));
    }
    notifications = NotificationSink.start();
    started.push(notifications);
    String token = receiverToken();
    DemoObjects.applyNotifications(client, notifications.url(), token);
    receiverUrl =
        Optional.ofNullable(group.get())
            .flatMap(g -> g.controller(NotificationController.class))
            .filter(n -> n.receiverAddress() != null)
            .map(
                n ->
                    "http://"
                        + RunCommand.hostPort(n.receiverAddress())
                        + WebhookPath.of(token, DemoObjects.NAME, DemoObjects.NAMESPACE))
            .orElse(null);
    say(
        "applied Provider (generic, posting to "
            + notifications.url()
            + "), Alert and generic Receiver "
            + DemoObjects.NAMESPACE
            + "/"
            + DemoObjects.NAME);
    DemoObjects.apply(client, cloneUrl);
    say(
        "applied GitRepository and Kustomization "
            + DemoObjects.NAMESPACE
            + "/"
            + DemoObjects.NAME
            + " (interval "
            + DemoObjects.KUSTOMIZATION_INTERVAL
            + ", wait: true)");
    if (image != null) {
      DemoObjects.applyImageAutomation(client, image);
      say(
          "applied ImageRepository, ImagePolicy (semver >=1.0.0) and ImageUpdateAutomation "
              + DemoObjects.NAMESPACE
              + "/"
              + DemoObjects.NAME
              + " (interval "
              + DemoObjects.IMAGE_INTERVAL
              + ")");
    }
    printHints(plane.kubeconfig(), cloneUrl);
    showUntilStopped(client);
  }

  private void printHints(Path kubeconfig, URI cloneUrl) {
    String kubectl = "kubectl --kubeconfig " + kubeconfig;
    out.println();
    out.println("kubeconfig: " + kubeconfig);
    out.println("  " + kubectl + " get all -n " + ExampleApplication.NAMESPACE);
    out.println(
        "watch drift get reverted (within the Kustomization's "
            + DemoObjects.KUSTOMIZATION_INTERVAL
            + " interval):");
    out.println(
        "  "
            + kubectl
            + " -n "
            + ExampleApplication.NAMESPACE
            + " scale deployment/"
            + ExampleApplication.DEPLOYMENT
            + " --replicas=4");
    out.println("change the app through Git (push is enabled, no credentials):");
    out.println("  git clone " + cloneUrl + " webapp && cd webapp");
    out.println(
        "  sed -i 's/\"1.0.0\"/\"1.1.0\"/' deployment.yaml && git -c user.name=you -c"
            + " user.email=you@example.com commit -qam 'v1.1.0' && git push");
    if (image != null) {
      out.println("push a new image tag: image automation commits it to Git, the cluster runs it:");
      out.println(
          "  bin/capstan push artifact oci://"
              + image
              + ":1.1.0 --path=README.md --source=demo --revision=1.1.0 --insecure-registry");
      out.println(
          "  "
              + kubectl
              + " -n "
              + ExampleApplication.NAMESPACE
              + " get deployment/"
              + ExampleApplication.DEPLOYMENT
              + " -o jsonpath='{.spec.template.spec.containers[0].image}'");
    }
    if (receiverUrl != null) {
      out.println("reconcile the GitRepository now through the generic Receiver's webhook:");
      out.println("  curl -X POST " + receiverUrl);
    }
    out.println();
    out.flush();
  }

  /** A random token for the demo Receiver's Secret (its webhook path is derived from it). */
  private static String receiverToken() {
    byte[] bytes = new byte[16];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** A small file to push as the content of the demo image. */
  private static Path writeVersion(Path dir, String version) throws java.io.IOException {
    return java.nio.file.Files.writeString(dir.resolve("VERSION"), version + "\n");
  }

  private void showUntilStopped(KubernetesClient client) {
    boolean ansi = LiveDisplay.stdoutIsTerminal();
    LiveDisplay display = new LiveDisplay(out, ansi);
    do {
      String table;
      try {
        table =
            StatusTable.render(
                DemoObjects.statusRows(
                    client, image != null, notifications == null ? null : notifications.summary()),
                70);
      } catch (RuntimeException e) {
        table = "cannot read the status: " + e.getMessage() + "\n";
      }
      display.show(table, LocalTime.now(), ansi ? LiveDisplay.terminalWidth() : 0);
    } while (!signal.await(flags.refresh));
    display.println("");
  }

  /** Stops what was started, newest first; every step is tried. */
  private void stopAll() {
    if (!started.isEmpty()) {
      say(
          "stopping: controllers, Git server, registry, control plane; deleting the state"
              + " directory");
    }
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        say("while stopping " + resource.getClass().getSimpleName() + ": " + e);
      }
    }
    say("stopped");
  }
}
