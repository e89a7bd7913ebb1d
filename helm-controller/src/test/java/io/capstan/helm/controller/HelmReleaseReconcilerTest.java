package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The controller against a real API server: a chart of ConfigMaps served by the test as a
 * HelmChart's artifact; HelmReleases installed, upgraded from changed values, remediated, retried,
 * suspended, refused for invalid values and uninstalled on deletion.
 */
@WithKubernetes
class HelmReleaseReconcilerTest {

  private HelmReleaseFixture fixture;

  private HelmReleaseFixture start(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  static String release(String name, String extraSpec) {
    return """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: %s
        spec:
          interval: 10m
          chartRef:
            kind: HelmChart
            name: chart
        %s"""
        .formatted(name, extraSpec);
  }

  private void mergePatch(String name, String json) {
    fixture
        .client()
        .resources(HelmRelease.class)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  private void requestReconcile(String name) {
    mergePatch(
        name,
        "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
            + Instant.now()
            + "\"}}}");
  }

  private List<String> releaseSecrets(KubernetesClient client) {
    return client.secrets().list().getItems().stream()
        .filter(s -> "helm.sh/release.v1".equals(s.getType()))
        .map(s -> s.getMetadata().getName())
        .sorted()
        .toList();
  }

  private String configValue(String name) {
    ConfigMap cm = fixture.client().configMaps().withName(name).get();
    return cm == null ? null : cm.getData().get("value");
  }

  @Test
  @DisplayName("spec.chart: creates the HelmChart, installs from its artifact, Ready as Flux")
  void installsFromChartTemplate(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmRelease(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
        spec:
          interval: 10m
          chart:
            metadata:
              labels: {team: a}
            spec:
              chart: app
              version: "1.x"
              sourceRef: {kind: HelmRepository, name: repo}
          values:
            configs: {two: second}
        """);
    String chartName = ns.name() + "-app";
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(
            () ->
                f.client()
                        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmChart")
                        .withName(chartName)
                        .get()
                    != null);
    GenericKubernetesResource chart =
        f.client()
            .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmChart")
            .withName(chartName)
            .get();
    assertThat(chart.getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsEntry("helm.toolkit.fluxcd.io/name", "app")
        .containsEntry("helm.toolkit.fluxcd.io/namespace", ns.name());
    // Flux's isSourceReady: reason SourceNotReady, the source's own state in the message.
    f.awaitCondition(
        "app",
        "Ready",
        "False/SourceNotReady: HelmChart '"
            + ns.name()
            + "/"
            + chartName
            + "' is not ready: latest generation of object has not been reconciled");
    assertThat(HelmReleaseFixture.describeCondition(f.get("app"), "Reconciling"))
        .isEqualTo("True/Progressing: Fulfilling prerequisites");

    f.publishChart(chartName, "1.0.0");
    String installed =
        "True/InstallSucceeded: Helm install succeeded for release "
            + ns.name()
            + "/app.v1 with chart app@1.0.0";
    f.awaitCondition("app", "Ready", installed);
    f.awaitCondition("app", "Released", installed);

    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getHelmChart()).isEqualTo(ns.name() + "/" + chartName);
    assertThat(hr.getStatus().getLastAttemptedRevision()).isEqualTo("1.0.0");
    assertThat(hr.getStatus().getLastAttemptedReleaseAction().name()).isEqualTo("install");
    assertThat(hr.getStatus().getLastAttemptedConfigDigest()).startsWith("sha256:");
    assertThat(hr.getStatus().getStorageNamespace()).isEqualTo(ns.name());
    assertThat(hr.getStatus().getHistory()).hasSize(1);
    HelmReleaseSnapshot s = hr.getStatus().getHistory().get(0);
    assertThat(s.getName()).isEqualTo("app");
    assertThat(s.getVersion()).isEqualTo(1);
    assertThat(s.getStatus()).isEqualTo("deployed");
    assertThat(s.getChartName()).isEqualTo("app");
    assertThat(s.getChartVersion()).isEqualTo("1.0.0");
    assertThat(s.getAppVersion()).isEqualTo("1.0");
    assertThat(s.getConfigDigest()).isEqualTo(hr.getStatus().getLastAttemptedConfigDigest());
    assertThat(s.getDigest()).startsWith("sha256:");

    assertThat(configValue("one")).isEqualTo("first");
    assertThat(configValue("two")).isEqualTo("second");
    assertThat(f.client().configMaps().withName("two").get().getMetadata().getLabels())
        .containsEntry("helm.toolkit.fluxcd.io/name", "app")
        .containsEntry("helm.toolkit.fluxcd.io/namespace", ns.name());
    assertThat(releaseSecrets(f.client())).containsExactly("sh.helm.release.v1.app.v1");
  }

  @Test
  @DisplayName("a user value null deletes the chart default (Helm's coalescing)")
  void nullValueDeletesChartDefault(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(release("app", "  values:\n    configs: {one: null, two: second}\n"));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(f.client().configMaps().withName("one").get()).isNull();
    assertThat(configValue("two")).isEqualTo("second");
    assertThat(f.get("app").getSpec().getValues().get("configs").get("one").isNull()).isTrue();

    // Upgrade: the default comes back without the null, goes again with it (a JSON patch keeps
    // the null, a merge patch would delete the key instead).
    jsonPatch("app", "[{\"op\":\"replace\",\"path\":\"/spec/values\",\"value\":{}}]");
    f.awaitCondition("app", "Ready", "True/UpgradeSucceeded");
    await().atMost(HelmReleaseFixture.TIMEOUT).until(() -> "first".equals(configValue("one")));
    jsonPatch(
        "app",
        "[{\"op\":\"replace\",\"path\":\"/spec/values\",\"value\":{\"configs\":{\"one\":null}}}]");
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.client().configMaps().withName("one").get() == null);
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.get("app").getStatus().getHistory().get(0).getVersion() == 3);
    assertThat(configValue("two")).isNull();
  }

  @Test
  @DisplayName(
      "postRenderers (kustomize patches) and commonMetadata shape every object; a change of"
          + " post-renderers upgrades; observedPostRenderersDigest as Flux")
  void postRenderersAndCommonMetadata(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(
        release(
            "app",
            """
              values:
                configs: {two: second}
              commonMetadata:
                labels: {team: blue}
                annotations: {owner: ops}
              postRenderers:
              - kustomize:
                  patches:
                  - target: {kind: ConfigMap, name: one}
                    patch: |
                      - op: replace
                        path: /data/value
                        value: patched
            """));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(configValue("one")).isEqualTo("patched");
    assertThat(configValue("two")).isEqualTo("second");
    for (String name : List.of("one", "two")) {
      ConfigMap cm = f.client().configMaps().withName(name).get();
      assertThat(cm.getMetadata().getLabels())
          .containsEntry("team", "blue")
          .containsEntry("helm.toolkit.fluxcd.io/name", "app");
      assertThat(cm.getMetadata().getAnnotations()).containsEntry("owner", "ops");
    }
    String digest =
        await()
            .atMost(HelmReleaseFixture.TIMEOUT)
            .until(() -> f.get("app").getStatus().getObservedPostRenderersDigest(), d -> d != null);
    assertThat(digest)
        .isEqualTo(
            io.capstan.helm.controller.postrender.PostRenderers.postRenderersDigest(f.get("app")))
        .startsWith("sha256:");
    HelmRelease installed = f.get("app");
    assertThat(installed.getStatus().getObservedCommonMetadataDigest()).startsWith("sha256:");
    assertThat(installed.getStatus().getInventory().getEntries())
        .extracting(r -> r.getId() + "@" + r.getV())
        .containsExactlyInAnyOrder(
            ns.name() + "_one__ConfigMap@v1", ns.name() + "_two__ConfigMap@v1");

    // Changing only the post-renderers upgrades the release.
    mergePatch(
        "app",
        "{\"spec\":{\"postRenderers\":[{\"kustomize\":{\"patches\":[{\"target\":{\"kind\":"
            + "\"ConfigMap\",\"name\":\"one\"},\"patch\":\"- op: replace\\n  path: /data/value\\n"
            + "  value: again\\n\"}]}}]}}");
    await().atMost(HelmReleaseFixture.TIMEOUT).until(() -> "again".equals(configValue("one")));
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(
            () -> {
              HelmRelease hr = f.get("app");
              return hr.getStatus().getHistory().get(0).getVersion() == 2
                  && !digest.equals(hr.getStatus().getObservedPostRenderersDigest());
            });
    f.awaitCondition("app", "Ready", "True/UpgradeSucceeded");

    // Changing only the common metadata upgrades too.
    mergePatch("app", "{\"spec\":{\"commonMetadata\":{\"labels\":{\"team\":\"green\"}}}}");
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(
            () ->
                "green"
                    .equals(
                        f.client()
                            .configMaps()
                            .withName("two")
                            .get()
                            .getMetadata()
                            .getLabels()
                            .get("team")));
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.get("app").getStatus().getHistory().get(0).getVersion() == 3);
  }

  @Test
  @DisplayName(
      "healthCheckExprs are used when waiting: a ConfigMap never Current fails the install")
  void healthCheckExprsWhenWaiting(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    String checks =
        """
          healthCheckExprs:
          - apiVersion: v1
            kind: ConfigMap
            current: "data.value == 'ready'"
        """;
    f.createHelmRelease(release("waits", "  timeout: 3s\n" + checks));
    f.createHelmRelease(
        release(
            "ready", "  timeout: 30s\n  values:\n    configs: {one: null, two: ready}\n" + checks));
    f.awaitCondition("ready", "Ready", "True/InstallSucceeded");
    f.awaitCondition("waits", "Released", "False/InstallFailed");
    assertThat(f.describe("waits", "Released"))
        .contains("context deadline exceeded")
        .contains("no healthCheckExprs expression is true yet");
  }

  @Test
  @DisplayName("a kustomize post-renderer that cannot apply: Ready=False, nothing released")
  void badPostRenderer(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(
        release(
            "app",
            """
              postRenderers:
              - kustomize:
                  patches:
                  - target: {kind: ConfigMap, name: one}
                    patch: |
                      - op: replace
                        path: /data/missing/deeper
                        value: x
            """));
    f.awaitCondition("app", "Ready", "False/InstallFailed");
    assertThat(f.describe("app", "Ready")).contains("post render");
    assertThat(f.client().configMaps().withName("one").get()).isNull();
  }

  private void jsonPatch(String name, String json) {
    fixture
        .client()
        .resources(HelmRelease.class)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).build(), json);
  }

  @Test
  @DisplayName("values changed in a valuesFrom ConfigMap: upgrade to revision 2")
  void upgradesOnValuesChange(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.client()
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("values")
                .endMetadata()
                .withData(Map.of("values.yaml", "configs:\n  one: from-configmap\n"))
                .build())
        .create();
    f.createHelmRelease(release("app", "  valuesFrom:\n  - kind: ConfigMap\n    name: values\n"));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(configValue("one")).isEqualTo("from-configmap");
    String digest = f.get("app").getStatus().getLastAttemptedConfigDigest();

    f.client()
        .configMaps()
        .withName("values")
        .edit(
            cm -> {
              cm.setData(Map.of("values.yaml", "configs:\n  one: changed\n"));
              return cm;
            });
    requestReconcile("app");
    f.awaitCondition(
        "app",
        "Ready",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + ns.name()
            + "/app.v2 with chart app@1.0.0");
    assertThat(configValue("one")).isEqualTo("changed");
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getLastAttemptedConfigDigest()).isNotEqualTo(digest);
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "deployed"),
            org.assertj.core.groups.Tuple.tuple(1, "superseded"));
    assertThat(releaseSecrets(f.client()))
        .containsExactly("sh.helm.release.v1.app.v1", "sh.helm.release.v1.app.v2");
  }

  @Test
  @DisplayName("a new chart artifact upgrades at once (source watch), not at the next interval")
  void upgradesOnNewChartArtifact(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(release("app", ""));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    f.publishChart("chart", "1.1.0");
    f.awaitCondition(
        "app",
        "Ready",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + ns.name()
            + "/app.v2 with chart app@1.1.0");
    assertThat(f.get("app").getStatus().getLastAttemptedRevision()).isEqualTo("1.1.0");
  }

  @Test
  @DisplayName("dependsOn: waits with DependencyNotReady until the dependency is Ready")
  void dependsOn(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(
        release(
            "second",
            "  targetNamespace: "
                + ns.name()
                + "-second\n  install: {createNamespace: true}\n  dependsOn:\n  - name: first\n"));
    f.awaitCondition(
        "second",
        "Ready",
        "False/DependencyNotReady: dependency '" + ns.name() + "/first' not found");
    assertThat(releaseSecrets(f.client())).isEmpty();
    f.createHelmRelease(release("first", "  values:\n    configs: {one: first}\n"));
    f.awaitCondition("first", "Ready", "True/InstallSucceeded");
    f.awaitCondition("second", "Ready", "True/InstallSucceeded");
    assertThat(f.client().configMaps().inNamespace(ns.name() + "-second").withName("one").get())
        .isNotNull();
  }

  @Test
  @DisplayName("a failing upgrade is rolled back; out of retries the HelmRelease stalls")
  void rollbackRemediation(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(release("app", "  upgrade:\n    remediation:\n      retries: 1\n"));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");

    // An invalid ConfigMap name: the API server refuses it, the upgrade fails in the cluster.
    mergePatch("app", "{\"spec\":{\"values\":{\"configs\":{\"Bad_Name\":\"x\"}}}}");
    f.awaitCondition(
        "app", "Stalled", "True/RetriesExceeded: Failed to upgrade after 2 attempt(s)");
    f.awaitCondition(
        "app", "Remediated", "True/RollbackSucceeded: Helm rollback to previous release");
    f.awaitCondition("app", "Ready", "False/RollbackSucceeded: Helm rollback to previous release");
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getUpgradeFailures()).isEqualTo(2L);
    assertThat(hr.getStatus().getFailures()).isGreaterThanOrEqualTo(2L);
    assertThat(HelmReleaseFixture.describeCondition(hr, "Released"))
        .startsWith("False/UpgradeFailed: Helm upgrade failed for release " + ns.name() + "/app");
    // The previous revision runs: the rollback re-applied revision 1's objects.
    assertThat(configValue("one")).isEqualTo("first");
    assertThat(hr.getStatus().getHistory().get(0).getStatus()).isEqualTo("deployed");
    assertThat(hr.getStatus().getHistory().get(0).getVersion()).isEqualTo(5);
  }

  @Test
  @DisplayName("RetryOnFailure: a failed upgrade is retried after retryInterval, never remediated")
  void retryOnFailure(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(
        release(
            "app",
            "  upgrade:\n    strategy:\n      name: RetryOnFailure\n      retryInterval: 2s\n"));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    mergePatch("app", "{\"spec\":{\"values\":{\"configs\":{\"Bad_Name\":\"x\"}}}}");
    f.awaitCondition("app", "Ready", "False/UpgradeFailed");
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(f.get("app").getStatus().getUpgradeFailures())
                    .isGreaterThanOrEqualTo(2L));
    assertThat(f.condition("app", "Remediated")).isEmpty();
    assertThat(f.condition("app", "Stalled")).isEmpty();
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getHistory().get(0).getStatus()).isEqualTo("failed");
  }

  @Test
  @DisplayName("invalid values (schema, required): Ready=False naming the cause, nothing applied")
  void invalidValues(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(release("schema", "  values:\n    replicas: three\n"));
    f.createHelmRelease(release("required", "  values:\n    owner: null\n"));
    f.awaitCondition(
        "schema",
        "Ready",
        "False/InstallFailed: Helm install failed for release "
            + ns.name()
            + "/schema with chart"
            + " app@1.0.0: values don't meet the specifications of the schema");
    f.awaitCondition("required", "Ready", "False/InstallFailed");
    assertThat(f.describe("required", "Ready")).contains("owner is required");
    assertThat(releaseSecrets(f.client())).isEmpty();
    assertThat(f.client().configMaps().withName("one").get()).isNull();
    assertThat(f.get("schema").getStatus().getHistory()).isNullOrEmpty();
  }

  @Test
  @DisplayName("suspend stops upgrades; deletion uninstalls the release and its objects")
  void suspendAndDelete(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(release("app", ""));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");

    mergePatch("app", "{\"spec\":{\"suspend\":true}}");
    mergePatch("app", "{\"spec\":{\"values\":{\"configs\":{\"one\":\"suspended\"}}}}");
    Thread.sleep(3000);
    assertThat(configValue("one")).isEqualTo("first");
    assertThat(releaseSecrets(f.client())).containsExactly("sh.helm.release.v1.app.v1");

    mergePatch("app", "{\"spec\":{\"suspend\":false}}");
    f.awaitCondition("app", "Ready", "True/UpgradeSucceeded");
    assertThat(configValue("one")).isEqualTo("suspended");

    f.client().resources(HelmRelease.class).withName("app").delete();
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(f.get("app")).isNull();
              assertThat(releaseSecrets(f.client())).isEmpty();
              assertThat(f.client().configMaps().withName("one").get()).isNull();
            });
  }
}
