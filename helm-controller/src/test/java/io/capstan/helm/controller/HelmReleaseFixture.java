package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.meta.Condition;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.artifact.SourceStatuses;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A started {@link HelmController} watching one namespace, plus source-controller's part: a chart
 * of ConfigMaps packaged and served by an {@link ArtifactHost}, published as a HelmChart's {@code
 * status.artifact}.
 */
final class HelmReleaseFixture implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final HelmController controller;
  private final ArtifactHost host;
  private final String namespace;

  private HelmReleaseFixture(
      KubernetesClient client, HelmController controller, ArtifactHost host, String namespace) {
    this.client = client;
    this.controller = controller;
    this.host = host;
    this.namespace = namespace;
  }

  static HelmReleaseFixture start(
      KubeControlPlane plane, String namespace, UnaryOperator<HelmControllerOptions.Builder> flags)
      throws Exception {
    return start(plane, namespace, flags, UnaryOperator.identity());
  }

  /** A started controller with {@code flags} set on its options and {@code controller} on it. */
  static HelmReleaseFixture start(
      KubeControlPlane plane,
      String namespace,
      UnaryOperator<HelmControllerOptions.Builder> flags,
      UnaryOperator<HelmController.Builder> controller)
      throws Exception {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(namespace))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    ArtifactHost host = new ArtifactHost();
    HelmControllerOptions options =
        flags
            .apply(
                HelmControllerOptions.builder()
                    .watchNamespaces(Set.of(namespace))
                    .requeueDependency(Duration.ofSeconds(1)))
            .build();
    HelmController started =
        controller.apply(HelmController.builder().client(client).options(options)).build();
    started.start();
    return new HelmReleaseFixture(client, started, host, namespace);
  }

  KubernetesClient client() {
    return client;
  }

  HelmController controller() {
    return controller;
  }

  /**
   * A chart {@code app} at {@code version}: one ConfigMap per entry of {@code .Values.configs}
   * (name → data value), a values.schema.json requiring {@code replicas} to be an integer, and a
   * {@code required} check on {@code owner}.
   */
  static Map<String, String> chart(String version) {
    Map<String, String> tree = new LinkedHashMap<>();
    tree.put(
        "app/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: " + version + "\nappVersion: \"1.0\"\n");
    tree.put("app/values.yaml", "owner: team\nreplicas: 1\nconfigs:\n  one: first\n");
    tree.put(
        "app/values.schema.json",
        """
        {"type": "object", "properties": {"replicas": {"type": "integer"}}}
        """);
    tree.put(
        "app/templates/configmaps.yaml",
        """
        {{- $owner := required "owner is required" .Values.owner }}
        {{- range $name, $value := .Values.configs }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ $name }}
        data:
          value: {{ $value | quote }}
          owner: {{ $owner | quote }}
        {{- end }}
        """);
    // Only with deployment: true (a test then plays the missing Deployment controller).
    tree.put(
        "app/templates/deployment.yaml",
        """
        {{- if .Values.deployment }}
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: example.com/web:1
        {{- end }}
        """);
    return tree;
  }

  /** Creates HelmChart {@code name} (as source-controller's user would) without an artifact. */
  void createHelmChart(String name) {
    GenericKubernetesResource chart =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("source.toolkit.fluxcd.io/v1")
            .withKind("HelmChart")
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "spec",
                    Map.of(
                        "chart", "app",
                        "interval", "1h",
                        "sourceRef", Map.of("kind", "HelmRepository", "name", "repo"))))
            .build();
    client.resource(chart).create();
  }

  /**
   * {@link #chart(String)} plus templates switched on by values: {@code service: true} adds the
   * Service {@code web}; {@code preDeleteHook: true} a {@code pre-delete} hook ConfigMap {@code
   * <release>-pre-delete} (kept after the uninstall, Helm's default delete policy); {@code tests}
   * ({@code [{name, outcome: succeed|fail}]}) test Pods {@code <release>-<name>} that {@code
   * FakeKubelet} ends as their outcome says.
   */
  static Map<String, String> fullChart(String version) {
    Map<String, String> tree = chart(version);
    tree.put(
        "app/templates/service.yaml",
        """
        {{- if .Values.service }}
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
        {{- end }}
        """);
    tree.put(
        "app/templates/hooks.yaml",
        """
        {{- if .Values.preDeleteHook }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-pre-delete
          annotations:
            helm.sh/hook: pre-delete
        data:
          ran: "yes"
        {{- end }}
        """);
    tree.put(
        "app/templates/tests.yaml",
        """
        {{- range .Values.tests }}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ $.Release.Name }}-{{ .name }}
          annotations:
            helm.sh/hook: test
            capstan.test/outcome: {{ default "succeed" .outcome }}
        spec:
          restartPolicy: Never
          containers:
          - name: test
            image: busybox:1.36
            command: ["true"]
        {{- end }}
        """);
    return tree;
  }

  /** Writes a chart tree ({@code app/...} paths) under {@code dir}; returns the chart directory. */
  static Path writeChart(Path dir, Map<String, String> tree) throws IOException {
    for (Map.Entry<String, String> e : tree.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    return dir.resolve("app");
  }

  String namespace() {
    return namespace;
  }

  /** Publishes {@code chart(version)} as HelmChart {@code name}'s artifact. */
  void publishChart(String name, String version) throws Exception {
    publishChart("HelmChart", name, version, version, chart(version));
  }

  /** Publishes the chart {@code tree} (paths under {@code app/}) as HelmChart {@code name}'s. */
  void publishChart(String name, String version, Map<String, String> tree) throws Exception {
    publishChart("HelmChart", name, version, version, tree);
  }

  /**
   * Publishes chart {@code version} as the artifact of the source {@code kind}/{@code name} with
   * artifact revision {@code revision} (an OCIRepository's is {@code <tag>@sha256:<hex>}).
   */
  void publishChart(String kind, String name, String version, String revision) throws Exception {
    publishChart(kind, name, version, revision, chart(version));
  }

  private void publishChart(
      String kind, String name, String version, String revision, Map<String, String> tree)
      throws Exception {
    ArtifactHost.Published published =
        host.publish(
            "/" + name + "-" + version + "-" + Integer.toHexString(revision.hashCode()) + ".tgz",
            tree);
    // As source-controller writes it: generation observed, Ready, the artifact (Flux's
    // helm-controller waits for all three: isSourceReady).
    SourceStatuses.markReady(
        client,
        kind,
        namespace,
        name,
        "stored artifact for revision '" + revision + "'",
        SourceStatuses.artifact(
            published,
            "helmchart/" + namespace + "/" + name + "/app-" + version + ".tgz",
            revision));
  }

  void createHelmRelease(String yaml) {
    client
        .resource(client.getKubernetesSerialization().unmarshal(yaml, HelmRelease.class))
        .create();
  }

  HelmRelease get(String name) {
    return client.resources(HelmRelease.class).inNamespace(namespace).withName(name).get();
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

  /** "Status/Reason: message" of condition {@code type}, or "" when absent. */
  String describe(String name, String type) {
    return condition(name, type)
        .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
        .orElse("");
  }

  /** Every condition of {@code name}, for failure messages. */
  String all(String name) {
    HelmRelease hr = get(name);
    return hr == null || hr.getStatus() == null || hr.getStatus().getConditions() == null
        ? "none"
        : String.valueOf(
            hr.getStatus().getConditions().stream()
                .map(
                    c ->
                        c.getType()
                            + "="
                            + c.getStatus()
                            + "/"
                            + c.getReason()
                            + ": "
                            + c.getMessage())
                .toList());
  }

  /** "Status/Reason: message" of condition {@code type} of {@code hr}, or "". */
  static String describeCondition(HelmRelease hr, String type) {
    if (hr.getStatus() == null || hr.getStatus().getConditions() == null) {
      return "";
    }
    return hr.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
        .findFirst()
        .orElse("");
  }

  /** Waits until condition {@code type} starts with {@code expected}, checking the contract. */
  void awaitCondition(String name, String type, String expected) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(describe(name, type))
                  .as("%s; all conditions: %s", type, all(name))
                  .startsWith(expected);
              StatusContract.check(get(name), HelmReleaseConditions.REASONS);
            });
  }

  /** A JSON merge patch of HelmRelease {@code name}. */
  void mergePatch(String name, String json) {
    client
        .resources(HelmRelease.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  /**
   * A JSON patch of HelmRelease {@code name} (keeps a {@code null} value, unlike a merge patch).
   */
  void jsonPatch(String name, String json) {
    client
        .resources(HelmRelease.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).build(), json);
  }

  /** Sets {@code reconcile.fluxcd.io/requestedAt} (what {@code flux reconcile} does). */
  void requestReconcile(String name) {
    mergePatch(
        name,
        "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
            + Instant.now()
            + "\"}}}");
  }

  /** The Helm release Secrets of the namespace, sorted by name. */
  List<String> releaseSecrets() {
    return client.secrets().inNamespace(namespace).list().getItems().stream()
        .filter(s -> "helm.sh/release.v1".equals(s.getType()))
        .map(s -> s.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** {@code data.value} of ConfigMap {@code name}, or null when it does not exist. */
  String configValue(String name) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
    return cm == null ? null : cm.getData().get("value");
  }

  @Override
  public void close() {
    controller.close();
    host.close();
    client.close();
  }
}
