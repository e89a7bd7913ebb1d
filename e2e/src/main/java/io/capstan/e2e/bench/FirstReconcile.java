package io.capstan.e2e.bench;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.capstan.testing.oci.OciRegistry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 2 of {@link FootprintBench}: each controller jar's process start → first reconcile, on one
 * fresh API server per JVM variant. source-controller: start → GitRepository Ready (created right
 * after the start); kustomize-controller: start → Kustomization Ready (created before, its
 * GitRepository already Ready); helm-controller: start → HelmRelease Ready (created before, its
 * HelmRepository already Ready, a one-ConfigMap chart; the time includes source-controller building
 * the HelmChart helm-controller creates); notification-controller: start → Receiver Ready (generic,
 * created before); image-reflector-controller: start → ImageRepository Ready (created before, a
 * real registry on loopback holding one tag; skipped without Debian's docker-registry);
 * image-automation-controller: start → ImageUpdateAutomation Ready (created before, of the fleet
 * GitRepository; no ImagePolicy, so a clone and nothing to push).
 */
final class FirstReconcile {

  /**
   * How the controllers' JVMs are started.
   *
   * @param label the row's name for the flags
   * @param java the {@code java} executable
   * @param jvm the JVM flags of every controller
   * @param archive whether each jar's AppCDS archive is added (when the build wrote it)
   */
  record Variant(String label, String java, List<String> jvm, boolean archive) {}

  static final String HELM_JAR = "helm-controller/target/capstan-helm-controller.jar";
  static final String KC_JAR = "kustomize-controller/target/capstan-kustomize-controller.jar";
  static final String NOTIFICATION_JAR =
      "notification-controller/target/capstan-notification-controller.jar";
  static final String REFLECTOR_JAR =
      "image-reflector/target/capstan-image-reflector-controller.jar";
  static final String AUTOMATION_JAR =
      "image-automation/target/capstan-image-automation-controller.jar";

  private FirstReconcile() {}

  /** Measures one variant; adds its rows to {@code table} and its figures to {@code goals}. */
  static void measure(
      Path root, Path out, Variant variant, MarkdownTable table, FootprintGoals goals)
      throws Exception {
    Path tmp = Files.createTempDirectory("footprint-first");
    String tag = variant.label().replaceAll("[^a-zA-Z0-9]+", "-");
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer());
        TestGitRepository repo = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git = GitHttpServer.builder().start();
        ChartRepositoryServer charts = ChartRepositoryServer.start()) {
      KubernetesClient client = BenchCluster.prepare(plane, "bench");
      repo.commit("main", "fleet", FleetFixture.files());
      git.serve("fleet", repo.repository());
      charts.publish("small", "1.0.0", configMapChart());
      List<String> sourceJvm = jvm(root, variant, ControllerCommands.SOURCE_JAR);
      long sourceStart = System.nanoTime();
      try (MonitoredProcess source =
          ControllerCommands.sourceController(
              root, plane.kubeconfig(), tmp, out, "footprint-" + tag, variant.java(), sourceJvm)) {
        var gitRepos = client.genericKubernetesResources(FleetFixture.SOURCE_V1, "GitRepository");
        gitRepos
            .inNamespace("bench")
            .resource(FleetFixture.gitRepository("bench", git.url("fleet").toString()))
            .create();
        awaitReady(gitRepos.inNamespace("bench").withName("fleet"), source, 120);
        row(
            table,
            goals,
            "source-controller",
            "GitRepository",
            variant,
            sourceJvm,
            sourceStart,
            source);

        var kustomizations =
            client.genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
        kustomizations
            .inNamespace("bench")
            .resource(FleetFixture.kustomization("bench", 0))
            .create();
        Run run = new Run(root, variant, plane, out, tag, table, goals);
        run.firstReady(
            KC_JAR, "kustomize-controller", "Kustomization", kustomizations.inNamespace("bench"));

        var repos = client.genericKubernetesResources(FleetFixture.SOURCE_V1, "HelmRepository");
        repos
            .inNamespace("bench")
            .resource(HelmReleaseScaleBench.helmRepository("bench", charts.url()))
            .create();
        awaitReady(repos.inNamespace("bench").withName("charts"), source, 120);
        var releases =
            client.genericKubernetesResources("helm.toolkit.fluxcd.io/v2", "HelmRelease");
        releases
            .inNamespace("bench")
            .resource(HelmReleaseScaleBench.helmRelease("bench", 0))
            .create();
        run.firstReady(HELM_JAR, "helm-controller", "HelmRelease", releases.inNamespace("bench"));

        // notification-controller: a generic Receiver (its token Secret created first)
        client
            .resource(
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: receiver-token, namespace: bench}
                stringData: {token: first-reconcile}
                """)
            .create();
        var receivers =
            client.genericKubernetesResources("notification.toolkit.fluxcd.io/v1", "Receiver");
        client.resource(receiver("bench")).create();
        run.firstReady(
            NOTIFICATION_JAR,
            "notification-controller",
            "Receiver",
            receivers.inNamespace("bench"),
            List.of("--events-addr=127.0.0.1:0", "--receiverAddr=127.0.0.1:0"));

        // image-reflector-controller: an ImageRepository of a real registry on loopback
        if (OciRegistry.available()) {
          try (OciRegistry registry = OciRegistry.builder().start()) {
            registry.pushArtifact("webapp", "1.0.0", Map.of("version", "1.0.0"));
            var images =
                client.genericKubernetesResources("image.toolkit.fluxcd.io/v1", "ImageRepository");
            client.resource(imageRepository("bench", registry.host() + "/webapp")).create();
            run.firstReady(
                REFLECTOR_JAR,
                "image-reflector-controller",
                "ImageRepository",
                images.inNamespace("bench"),
                List.of(
                    "--storage-path=" + Files.createDirectories(tmp.resolve("reflector-" + tag))));
          }
        }

        // image-automation-controller: an ImageUpdateAutomation of the fleet GitRepository (no
        // policy selected: clone, nothing to commit, Ready)
        var automations =
            client.genericKubernetesResources(
                "image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation");
        client.resource(imageUpdateAutomation("bench")).create();
        run.firstReady(
            AUTOMATION_JAR,
            "image-automation-controller",
            "ImageUpdateAutomation",
            automations.inNamespace("bench"));
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
  }

  /** One variant's cluster and outputs, to start the controller jars on. */
  private record Run(
      Path root,
      Variant variant,
      KubeControlPlane plane,
      Path out,
      String tag,
      MarkdownTable table,
      FootprintGoals goals) {

    /**
     * Starts the {@code jar} of {@code name} and times it to {@code k0} of {@code objects} Ready.
     */
    void firstReady(
        String jar,
        String name,
        String kind,
        NonNamespaceOperation<
                GenericKubernetesResource,
                GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>
            objects)
        throws Exception {
      firstReady(jar, name, kind, objects, List.of());
    }

    /** As above, with the controller's {@code extra} flags. */
    void firstReady(
        String jar,
        String name,
        String kind,
        NonNamespaceOperation<
                GenericKubernetesResource,
                GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>
            objects,
        List<String> extra)
        throws Exception {
      List<String> flags = jvm(root, variant, jar);
      long start = System.nanoTime();
      try (MonitoredProcess process =
          FirstReconcile.start(root, variant.java(), flags, jar, extra, plane, out, name, tag)) {
        awaitReady(objects.withName("k0"), process, 180);
        row(table, goals, name, kind, variant, flags, start, process);
      }
    }
  }

  /**
   * The variant's flags, plus the jar's AppCDS archive (its AOT cache on JDK 25+) when asked for
   * and built.
   */
  private static List<String> jvm(Path root, Variant variant, String jar) {
    return variant.archive()
        ? FootprintBench.withCache(variant.java(), variant.jvm(), root.resolve(jar))
        : variant.jvm();
  }

  private static MonitoredProcess start(
      Path root,
      String java,
      List<String> jvm,
      String jar,
      List<String> extra,
      KubeControlPlane plane,
      Path out,
      String name,
      String tag)
      throws java.io.IOException {
    Path path = root.resolve(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " is missing: build " + name + " first");
    }
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvm);
    cmd.addAll(
        List.of(
            "-jar", path.toString(), "--metrics-addr=127.0.0.1:0", "--health-addr=127.0.0.1:0"));
    cmd.addAll(extra);
    return MonitoredProcess.start(
        cmd,
        Map.of("KUBECONFIG", plane.kubeconfig().toString()),
        out.resolve(name + "-first-" + tag + ".log"));
  }

  private static void row(
      MarkdownTable table,
      FootprintGoals goals,
      String controller,
      String kind,
      Variant variant,
      List<String> jvm,
      long startNanos,
      MonitoredProcess process) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String what =
        controller
            + " jar: process start → first "
            + kind
            + " Ready, "
            + variant.label()
            + " JVM flags";
    table.row(
        what,
        String.format("**%.1f s**", seconds),
        String.format(
            "peak RSS %.0f MiB; %s%sflags: `%s`",
            process.peakRssMib(),
            variant.archive()
                    && jvm.stream()
                        .noneMatch(
                            f ->
                                f.startsWith("-XX:SharedArchiveFile=")
                                    || f.startsWith("-XX:AOTCache="))
                ? "no AppCDS archive / AOT cache built for this jar; "
                : "",
            variant.java().equals(MonitoredProcess.java()) ? "" : "java `" + variant.java() + "`; ",
            jvm.isEmpty() ? "(JVM defaults)" : String.join(" ", jvm)));
    goals.firstReconcile(what, seconds);
  }

  /**
   * The YAML of a generic Receiver {@code k0} of the fleet GitRepository, token in {@code
   * receiver-token}.
   */
  static String receiver(String namespace) {
    return """
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata: {name: k0, namespace: %s}
        spec:
          type: generic
          secretRef: {name: receiver-token}
          resources:
            - {kind: GitRepository, name: fleet}
        """
        .formatted(namespace);
  }

  /**
   * The YAML of an ImageRepository {@code k0} of {@code image} (a plain-HTTP registry on loopback).
   */
  static String imageRepository(String namespace, String image) {
    return """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageRepository
        metadata: {name: k0, namespace: %s}
        spec: {image: "%s", interval: 1h, insecure: true}
        """
        .formatted(namespace, image);
  }

  /** The YAML of an ImageUpdateAutomation {@code k0} of the fleet GitRepository's {@code main}. */
  static String imageUpdateAutomation(String namespace) {
    return """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata: {name: k0, namespace: %s}
        spec:
          interval: 1h
          sourceRef: {kind: GitRepository, name: fleet}
          git:
            checkout:
              ref: {branch: main}
            commit:
              author: {name: fluxcdbot, email: fluxcdbot@users.noreply.github.com}
            push:
              branch: main
          update: {path: ./, strategy: Setters}
        """
        .formatted(namespace);
  }

  /** A chart of one ConfigMap: Ready at once on an API server without controllers. */
  static Map<String, String> configMapChart() {
    return Map.of(
        "values.yaml",
        "message: hello\n",
        "templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}
        data:
          message: {{ .Values.message | quote }}
        """);
  }

  private static void awaitReady(
      Resource<GenericKubernetesResource> object, MonitoredProcess controller, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline && controller.isAlive()) {
      GenericKubernetesResource current = object.get();
      if (current != null && FleetFixture.isReady(current)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("not Ready in " + seconds + " s, see " + controller.log());
  }
}
