package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.common.ResourceRef;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Drift detection against a real API server: a chart of a Deployment, a ConfigMap, a Secret and a
 * CRD in {@code crds/}; the cluster is changed behind the release's back (scale, edit, delete) and
 * the HelmRelease reports ({@code warn}) or corrects ({@code enabled}) it as Flux does, without a
 * new Helm revision, with ignore rules and the exclusion annotation honoured, and a Secret's values
 * in no event or status.
 */
@WithKubernetes
class HelmReleaseDriftTest {

  private static final String PASSWORD = "s3cr3t-Pa55w0rd";
  private static final String TAMPERED = "t4mpered-Va1ue";

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  static Map<String, String> chart(String version) {
    Map<String, String> tree = new LinkedHashMap<>();
    tree.put("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: " + version + "\n");
    tree.put("app/values.yaml", "replicas: 1\ngreeting: hello\n");
    tree.put(
        "app/templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: registry.example/web:1.0
        """);
    tree.put(
        "app/templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          greeting: {{ .Values.greeting | quote }}
        """);
    tree.put(
        "app/templates/secret.yaml",
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: credentials
        stringData:
          password: "%s"
        """
            .formatted(PASSWORD));
    tree.put(
        "app/crds/widgets.yaml",
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.drift.capstan.io
        spec:
          group: drift.capstan.io
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """);
    return tree;
  }

  private HelmReleaseFixture start(KubeControlPlane plane, KubeNamespace ns, String driftSpec)
      throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0", chart("1.0.0"));
    fixture.createHelmRelease(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
        spec:
          interval: 10m
          chartRef: {kind: HelmChart, name: chart}
          install: {disableWait: true, disableWaitForJobs: true}
          upgrade: {disableWait: true, disableWaitForJobs: true}
        %s"""
            .formatted(driftSpec));
    fixture.awaitCondition("app", "Ready", "True/InstallSucceeded");
    return fixture;
  }

  private void requestReconcile() {
    fixture
        .client()
        .resources(HelmRelease.class)
        .withName("app")
        .patch(
            new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                + Instant.now()
                + "\"}}}");
  }

  private void scale(int replicas) {
    fixture
        .client()
        .apps()
        .deployments()
        .withName("web")
        .patch(
            new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(),
            "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private void editConfigMap(String greeting) {
    fixture
        .client()
        .configMaps()
        .withName("settings")
        .edit(
            cm -> {
              cm.getData().put("greeting", greeting);
              return cm;
            });
  }

  private int replicas() {
    Deployment d = fixture.client().apps().deployments().withName("web").get();
    return d.getSpec().getReplicas();
  }

  private String greeting() {
    var cm = fixture.client().configMaps().withName("settings").get();
    return cm == null ? null : cm.getData().get("greeting");
  }

  private List<Event> events(String reason) {
    return fixture.client().v1().events().list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static long releaseSecrets(KubernetesClient client) {
    return client.secrets().list().getItems().stream()
        .filter(s -> "helm.sh/release.v1".equals(s.getType()))
        .count();
  }

  /** Neither the chart's nor the tampered Secret value, plain or base64, anywhere visible. */
  private void assertNoSecretValues() {
    List<String> secrets =
        List.of(
            PASSWORD,
            TAMPERED,
            Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().encodeToString(TAMPERED.getBytes(StandardCharsets.UTF_8)));
    String events =
        fixture.client().v1().events().list().getItems().stream()
            .map(e -> e.getReason() + " " + e.getMessage() + " " + e.getMetadata().getAnnotations())
            .reduce("", String::concat);
    String status =
        fixture.client().getKubernetesSerialization().asJson(fixture.get("app").getStatus());
    for (String s : secrets) {
      assertThat(events).doesNotContain(s);
      assertThat(status).doesNotContain(s);
    }
  }

  @Test
  @DisplayName(
      "mode enabled: a scaled Deployment, an edited ConfigMap and Secret and a deleted object are"
          + " corrected without a new Helm revision; CRDs are in the inventory")
  void correctsDrift(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns, "  driftDetection: {mode: enabled}\n");
    f.awaitCondition(
        "app",
        "Drifted",
        "False/NoDriftDetected: No drift detected in the cluster state of release");
    List<String> inventory =
        f.get("app").getStatus().getInventory().getEntries().stream()
            .map(ResourceRef::getId)
            .toList();
    assertThat(inventory)
        .hasSize(4)
        .contains(
            ns.name() + "_settings__ConfigMap",
            ns.name() + "_credentials__Secret",
            ns.name() + "_web_apps_Deployment")
        .last()
        .isEqualTo("_widgets.drift.capstan.io_apiextensions.k8s.io_CustomResourceDefinition");

    scale(5);
    editConfigMap("tampered");
    f.client()
        .secrets()
        .withName("credentials")
        .edit(
            s -> {
              s.getData()
                  .put(
                      "password",
                      Base64.getEncoder()
                          .encodeToString(TAMPERED.getBytes(StandardCharsets.UTF_8)));
              return s;
            });
    requestReconcile();

    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(replicas()).isEqualTo(1);
              assertThat(greeting()).isEqualTo("hello");
              assertThat(events("DriftCorrected")).isNotEmpty();
            });
    String secretValue =
        new String(
            Base64.getDecoder()
                .decode(
                    f.client().secrets().withName("credentials").get().getData().get("password")),
            StandardCharsets.UTF_8);
    assertThat(secretValue).isEqualTo(PASSWORD);
    String detected = events("DriftDetected").get(0).getMessage();
    assertThat(detected)
        .startsWith(
            "Cluster state of release " + ns.name() + "/app.v1 has drifted from the desired state:")
        .contains("Deployment/" + ns.name() + "/web changed (0 additions, 1 changes, 0 removals)")
        .contains(
            "ConfigMap/" + ns.name() + "/settings changed (0 additions, 1 changes, 0 removals)")
        .contains("Secret/" + ns.name() + "/credentials changed");
    assertThat(events("DriftCorrected").get(0).getMessage())
        .startsWith("Cluster state of release " + ns.name() + "/app.v1 has been corrected:")
        .contains("Deployment/" + ns.name() + "/web configured")
        .contains("ConfigMap/" + ns.name() + "/settings configured");
    f.awaitCondition("app", "Drifted", "False/NoDriftDetected");
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(f.get("app").getStatus().getHistory()).hasSize(1);
    assertThat(releaseSecrets(f.client())).isEqualTo(1);
    assertNoSecretValues();

    f.client().configMaps().withName("settings").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> greeting() == null);
    requestReconcile();
    await().atMost(HelmReleaseFixture.TIMEOUT).until(() -> "hello".equals(greeting()));
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events("DriftDetected"))
                    .anyMatch(
                        e ->
                            e.getMessage()
                                .contains("ConfigMap/" + ns.name() + "/settings removed")));
    assertThat(events("DriftCorrected"))
        .anyMatch(e -> e.getMessage().contains("ConfigMap/" + ns.name() + "/settings created"));
    assertThat(releaseSecrets(f.client())).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "mode warn: drift is reported (Drifted=True, DriftDetected event), not corrected; ignore"
          + " rules and the driftDetection: disabled annotation leave objects out")
  void warnsAndIgnores(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f =
        start(
            plane,
            ns,
            """
              driftDetection:
                mode: warn
                ignore:
                  - paths: ["/spec/replicas"]
                    target: {kind: Deploy.*, group: apps}
            """);
    f.awaitCondition("app", "Drifted", "False/NoDriftDetected");

    scale(3);
    requestReconcile();
    // replicas are ignored: still no drift, and the scale stays
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(f.describe("app", "Drifted")).startsWith("False/"));
    assertThat(replicas()).isEqualTo(3);

    editConfigMap("changed by hand");
    requestReconcile();
    f.awaitCondition(
        "app",
        "Drifted",
        "True/DriftDetected: Cluster state of release "
            + ns.name()
            + "/app.v1 has drifted from the desired state:\nConfigMap/"
            + ns.name()
            + "/settings changed (0 additions, 1 changes, 0 removals)");
    assertThat(greeting()).isEqualTo("changed by hand");
    assertThat(f.describe("app", "Ready")).startsWith("True/InstallSucceeded");
    assertThat(events("DriftDetected")).isNotEmpty();
    assertThat(events("DriftCorrected")).isEmpty();

    f.client()
        .configMaps()
        .withName("settings")
        .edit(
            cm -> {
              cm.getMetadata()
                  .getAnnotations()
                  .put("helm.toolkit.fluxcd.io/driftDetection", "disabled");
              return cm;
            });
    requestReconcile();
    f.awaitCondition("app", "Drifted", "False/NoDriftDetected");
    assertThat(greeting()).isEqualTo("changed by hand");
    assertThat(f.get("app").getStatus().getHistory()).hasSize(1);
    assertNoSecretValues();
  }

  private static final String POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata:
        name: %1$s
      spec:
        failurePolicy: Fail
        matchConstraints:
          namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: %1$s}
          resourceRules:
            - apiGroups: [""]
              apiVersions: [v1]
              operations: [CREATE, UPDATE]
              resources: [secrets]
        validations:
          - expression: "%2$s || object.metadata.name != 'credentials'"
            messageExpression: "'refused, value ' + string(object.data.password)"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata:
        name: %1$s
      spec:
        policyName: %1$s
        validationActions: [Deny]
      """;

  private void refuseSecretWrites(String namespace, boolean allowDryRun) {
    String yaml = POLICY.formatted(namespace, allowDryRun ? "request.dryRun == true" : "false");
    for (String doc : yaml.split("---\n")) {
      fixture.client().resource(doc).serverSideApply();
    }
    // The policy is active once a label change on the Secret is refused.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try {
                fixture
                    .client()
                    .secrets()
                    .withName("credentials")
                    .edit(
                        s -> {
                          s.getMetadata()
                              .getLabels()
                              .put("probe", String.valueOf(System.nanoTime()));
                          return s;
                        });
                return false;
              } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                return e.getMessage().contains("refused");
              }
            });
  }

  @Test
  @DisplayName(
      "a correction or a dry-run refused with a message quoting a Secret's value: the value is"
          + " masked in events and status")
  void masksSecretValuesInErrors(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns, "  driftDetection: {mode: enabled}\n");
    f.awaitCondition("app", "Drifted", "False/NoDriftDetected");
    f.client()
        .secrets()
        .withName("credentials")
        .edit(
            s -> {
              s.getData()
                  .put(
                      "password",
                      Base64.getEncoder()
                          .encodeToString(TAMPERED.getBytes(StandardCharsets.UTF_8)));
              return s;
            });

    refuseSecretWrites(ns.name(), true);
    requestReconcile();
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(() -> assertThat(events("DriftCorrectionFailed")).isNotEmpty());
    assertThat(events("DriftCorrectionFailed").get(0).getMessage())
        .startsWith("Failed to correct cluster state of release " + ns.name() + "/app.v1:")
        .contains("Secret/" + ns.name() + "/credentials")
        .contains("refused, value ***");
    assertNoSecretValues();

    refuseSecretWrites(ns.name(), false);
    requestReconcile();
    f.awaitCondition(
        "app",
        "Ready",
        "False/StateError: Could not determine release state: unable to determine cluster state:");
    assertThat(f.describe("app", "Ready")).contains("refused, value ***");
    assertNoSecretValues();
  }
}
