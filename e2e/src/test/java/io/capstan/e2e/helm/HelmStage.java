package io.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.meta.Condition;
import io.capstan.e2e.demo.ControllerJars;
import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.local.kube.LoopbackPorts;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.capstan.testing.kube.FakeKubelet;
import io.capstan.testing.process.JarProcess;
import io.capstan.testing.tools.HelmCli;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The helm-controller end-to-end stage: a private control plane in cluster mode
 * (controller-manager, scheduler, one kwok node) with the Flux CRDs; source-controller and
 * helm-controller each as its own JVM from its deployable jar, meeting only through the API server;
 * a Helm chart repository ({@link ChartRepositoryServer}) and a Git repository ({@link
 * GitHttpServer}) serving the same chart {@code webapp} (Deployment, Service, ConfigMap, a
 * post-install/upgrade hook Job, a test Pod); the real helm v4 CLI; a {@link FakeKubelet} ending
 * the hook and test Pods kwok leaves running.
 */
final class HelmStage implements AutoCloseable {

  static final String NS = "apps";
  static final String FLUX_NS = "flux-system";
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  final KubeControlPlane plane;
  final KubernetesClient client;
  final ChartRepositoryServer charts;
  final TestGitRepository git;
  final GitHttpServer gitServer;
  final HelmCli helm;
  private final FakeKubelet kubelet;
  private final Path work;
  private final Path logs;
  private final int storagePort;
  private final List<JarProcess> processes = new ArrayList<>();
  private JarProcess sourceController;
  private JarProcess helmController;
  private int helmRuns;

  private final Thread stopAtExit =
      new Thread(
          () -> {
            for (JarProcess p : processes) {
              p.killHard();
            }
          });

  HelmStage(Path work, String label) throws IOException {
    this.work = work;
    this.logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "helm", label);
    Files.createDirectories(logs);
    plane = KubeControlPlane.start(KubeControlPlane.Options.cluster(1));
    try {
      client = plane.client();
      CustomResourceDefinitions.install(
          client,
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofSeconds(60));
      for (String ns : List.of(FLUX_NS, NS)) {
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
      charts = ChartRepositoryServer.start();
      charts.publish("webapp", "1.0.0", chartFiles("1.0.0"));
      git = TestGitRepository.create(work.resolve("charts.git"));
      Map<String, String> tree = new LinkedHashMap<>();
      chartFiles("1.0.0").forEach((path, content) -> tree.put("charts/webapp/" + path, content));
      git.commit("main", "webapp chart", tree);
      gitServer = GitHttpServer.builder().start();
      gitServer.serve("charts", git.repository());
      helm = new HelmCli(plane.kubeconfig(), Files.createDirectories(work.resolve("helm-home")));
      kubelet = new FakeKubelet(client, NS);
      Runtime.getRuntime().addShutdownHook(stopAtExit);
      storagePort = LoopbackPorts.ephemeral().next();
      startSourceController();
      startHelmController();
    } catch (RuntimeException | IOException e) {
      plane.close();
      throw e;
    }
  }

  /**
   * The chart {@code webapp}: ConfigMap {@code <release>-config} ({@code .Values.message}),
   * Deployment {@code <release>} ({@code replicas}, {@code nodeSelector}; a pod annotation follows
   * the message so a value change rolls it), Service {@code <release>}, a post-install/upgrade hook
   * Job and a test Pod, both ended by {@link FakeKubelet}.
   */
  static Map<String, String> chartFiles(String version) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "Chart.yaml",
        "apiVersion: v2\nname: webapp\nversion: " + version + "\nappVersion: \"1.0\"\n");
    files.put("values.yaml", "message: hello\nreplicas: 1\nnodeSelector: {}\n");
    files.put(
        "templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          message: {{ .Values.message | quote }}
        """);
    files.put(
        "templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels: {app: {{ .Release.Name }}}
          template:
            metadata:
              labels: {app: {{ .Release.Name }}}
              annotations:
                message: {{ .Values.message | quote }}
            spec:
              {{- with .Values.nodeSelector }}
              nodeSelector:
                {{- toYaml . | nindent 10 }}
              {{- end }}
              containers:
              - name: web
                image: nginx:1.27-alpine
                ports:
                - containerPort: 80
        """);
    files.put(
        "templates/service.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}
        spec:
          selector: {app: {{ .Release.Name }}}
          ports:
          - port: 80
        """);
    files.put(
        "templates/hook-job.yaml",
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ .Release.Name }}-migrate
          annotations:
            helm.sh/hook: post-install,post-upgrade
            helm.sh/hook-delete-policy: before-hook-creation
        spec:
          backoffLimit: 0
          template:
            metadata:
              annotations:
                capstan.test/outcome: succeed
            spec:
              restartPolicy: Never
              containers:
              - name: migrate
                image: busybox:1.36
                command: ["true"]
        """);
    files.put(
        "templates/tests/test-pod.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-test
          annotations:
            helm.sh/hook: test
            helm.sh/hook-delete-policy: before-hook-creation
            capstan.test/outcome: succeed
        spec:
          restartPolicy: Never
          containers:
          - name: test
            image: busybox:1.36
            command: ["wget", "{{ .Release.Name }}:80"]
        """);
    return files;
  }

  void startSourceController() throws IOException {
    Path storage = Files.createDirectories(work.resolve("artifacts"));
    sourceController =
        JarProcess.startReady(
            "source-controller",
            ControllerJars.sourceController(),
            plane.kubeconfig(),
            FLUX_NS,
            List.of(
                "--storage-path=" + storage,
                "--storage-addr=127.0.0.1:" + storagePort,
                "--storage-adv-addr=127.0.0.1:" + storagePort,
                "--concurrent=2"),
            logs,
            TIMEOUT);
    processes.add(sourceController);
  }

  /** Starts (another) helm-controller process; logs in {@code helm-controller-N.log}. */
  JarProcess startHelmController() {
    helmController =
        JarProcess.startReady(
            "helm-controller-" + ++helmRuns,
            ControllerJars.helmController(),
            plane.kubeconfig(),
            FLUX_NS,
            List.of("--concurrent=2", "--requeue-dependency=2s"),
            logs,
            TIMEOUT);
    processes.add(helmController);
    return helmController;
  }

  JarProcess helmController() {
    return helmController;
  }

  void apply(String yaml) {
    client.resource(yaml).inNamespace(NS).serverSideApply();
  }

  HelmRelease get(String name) {
    return client.resources(HelmRelease.class).inNamespace(NS).withName(name).get();
  }

  Optional<Condition> condition(String name, String type) {
    HelmRelease hr = get(name);
    if (hr == null || hr.getStatus() == null || hr.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return hr.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  /** "Status/Reason: message" of condition {@code type}, or "". */
  String describe(String name, String type) {
    return condition(name, type)
        .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
        .orElse("");
  }

  String conditions(String name) {
    HelmRelease hr = get(name);
    return hr == null || hr.getStatus() == null ? "none" : String.valueOf(hr.getStatus());
  }

  /**
   * Waits until condition {@code type} of HelmRelease {@code name} starts with {@code expected}.
   */
  void awaitCondition(String name, String type, String expected) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(describe(name, type))
                    .as("%s of %s; status: %s", type, name, conditions(name))
                    .startsWith(expected));
  }

  /** A JSON merge patch of HelmRelease {@code name}. */
  void mergePatch(String name, String json) {
    client
        .resources(HelmRelease.class)
        .inNamespace(NS)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  void requestReconcile(String name) {
    mergePatch(
        name,
        "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
            + Instant.now()
            + "\"}}}");
  }

  /** {@code helm list -o json} in {@link #NS}. */
  JsonNode helmList() {
    return json(helmOk("list", "-n", NS, "-o", "json"));
  }

  /** {@code helm history <release> -o json}. */
  JsonNode helmHistory(String release) {
    return json(helmOk("history", release, "-n", NS, "-o", "json"));
  }

  private String helmOk(String... args) {
    try {
      return helm.ok(args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Deployment {@code name} has its replicas updated and available (kstatus Current). */
  boolean rolledOut(String name) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
    if (d == null || d.getStatus() == null) {
      return false;
    }
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return d.getStatus().getObservedGeneration() != null
        && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
        && d.getStatus().getUpdatedReplicas() != null
        && d.getStatus().getUpdatedReplicas() == want
        && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas() == want;
  }

  /** The Helm release Secrets in {@link #NS} of release {@code release}, sorted. */
  List<String> releaseSecrets(String release) {
    return client.secrets().inNamespace(NS).withLabel("name", release).list().getItems().stream()
        .filter(s -> "helm.sh/release.v1".equals(s.getType()))
        .map(s -> s.getMetadata().getName())
        .sorted()
        .toList();
  }

  Path logs() {
    return logs;
  }

  @Override
  public void close() {
    for (JarProcess p : processes) {
      p.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // shutting down already
    }
    kubelet.close();
    gitServer.close();
    charts.close();
    plane.close();
  }
}
