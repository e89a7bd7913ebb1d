package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.api.helm.v2.PostRenderStrategy;
import io.capstan.helm.controller.postrender.PostRenderers;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.postRenderStrategy} (Flux 2.9): hooks are post-rendered by default ({@code combined},
 * Helm 4) and with {@code separate}, not with {@code nohooks}; and Flux's {@code
 * adoptPostRenderersStatus}.
 */
@WithKubernetes
class PostRenderStrategyTest {

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  static Map<String, String> chart() {
    Map<String, String> tree = new LinkedHashMap<>();
    tree.put("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n");
    tree.put(
        "app/templates/objects.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-cm
        data: {a: b}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-hook
          annotations:
            helm.sh/hook: pre-install,pre-upgrade
        data: {hook: "true"}
        """);
    return tree;
  }

  private static String release(String name, String strategy) {
    return """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: %s
        spec:
          interval: 10m
          chartRef: {kind: HelmChart, name: chart}
          install: {disableWait: true, disableWaitForJobs: true}
          commonMetadata:
            labels: {stamped: "yes"}
        %s"""
        .formatted(name, strategy == null ? "" : "  postRenderStrategy: " + strategy + "\n");
  }

  private Map<String, String> labels(String name) {
    ConfigMap cm = fixture.client().configMaps().withName(name).get();
    assertThat(cm).as(name).isNotNull();
    return cm.getMetadata().getLabels() == null ? Map.of() : cm.getMetadata().getLabels();
  }

  @Test
  @DisplayName("hooks are post-rendered by default (combined) and with separate, not with nohooks")
  void strategies(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0", chart());
    fixture.createHelmRelease(release("combined", null));
    fixture.createHelmRelease(release("separate", "separate"));
    fixture.createHelmRelease(release("nohooks", "nohooks"));
    for (String name : List.of("combined", "separate", "nohooks")) {
      fixture.awaitCondition(name, "Ready", "True/InstallSucceeded");
      assertThat(labels(name + "-cm"))
          .containsEntry("stamped", "yes")
          .containsEntry("helm.toolkit.fluxcd.io/name", name);
    }
    assertThat(labels("combined-hook"))
        .containsEntry("stamped", "yes")
        .containsEntry("helm.toolkit.fluxcd.io/name", "combined");
    assertThat(labels("separate-hook")).containsEntry("stamped", "yes");
    assertThat(labels("nohooks-hook"))
        .doesNotContainKey("stamped")
        .doesNotContainKey("helm.toolkit.fluxcd.io/name");
  }

  @Test
  @DisplayName(
      "UseHelm3Defaults: without postRenderStrategy hooks are not post-rendered; combined still"
          + " renders them")
  void helm3Defaults(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), b -> b.useHelm3Defaults(true));
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0", chart());
    fixture.createHelmRelease(release("unset", null));
    fixture.createHelmRelease(release("combined", "combined"));
    for (String name : List.of("unset", "combined")) {
      fixture.awaitCondition(name, "Ready", "True/InstallSucceeded");
      assertThat(labels(name + "-cm"))
          .containsEntry("stamped", "yes")
          .containsEntry("helm.toolkit.fluxcd.io/name", name);
    }
    assertThat(labels("unset-hook"))
        .doesNotContainKey("stamped")
        .doesNotContainKey("helm.toolkit.fluxcd.io/name");
    assertThat(labels("combined-hook")).containsEntry("stamped", "yes");
  }

  @Test
  @DisplayName(
      "a status lacking observedCommonMetadataDigest does not upgrade the same generation; a"
          + " commonMetadata change does")
  void missingCommonMetadataDigest(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0", chart());
    fixture.createHelmRelease(release("app", null));
    fixture.awaitCondition("app", "Ready", "True/InstallSucceeded");
    String digest = fixture.get("app").getStatus().getObservedCommonMetadataDigest();
    assertThat(digest).startsWith("sha256:");

    // As an older controller left it: no digest for the processed generation.
    org.awaitility.Awaitility.await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              fixture
                  .client()
                  .resources(HelmRelease.class)
                  .withName("app")
                  .editStatus(
                      h -> {
                        h.getStatus().setObservedCommonMetadataDigest(null);
                        return h;
                      });
              return true;
            });
    fixture
        .client()
        .resources(HelmRelease.class)
        .withName("app")
        .edit(
            h -> {
              h.getMetadata().getAnnotations().put("reconcile.fluxcd.io/requestedAt", "one");
              return h;
            });
    org.awaitility.Awaitility.await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> "one".equals(fixture.get("app").getStatus().getLastHandledReconcileAt()));
    HelmRelease hr = fixture.get("app");
    assertThat(hr.getStatus().getHistory()).as("no upgrade").hasSize(1);
    assertThat(hr.getStatus().getObservedCommonMetadataDigest()).isEqualTo(digest);

    fixture
        .client()
        .resources(HelmRelease.class)
        .withName("app")
        .edit(
            h -> {
              h.getSpec().getCommonMetadata().getLabels().put("stamped", "again");
              return h;
            });
    fixture.awaitCondition("app", "Ready", "True/UpgradeSucceeded");
    assertThat(labels("app-cm")).containsEntry("stamped", "again");
    assertThat(fixture.get("app").getStatus().getObservedCommonMetadataDigest())
        .isNotEqualTo(digest);
  }

  @Test
  @DisplayName("UseHelm3Defaults: an unset waitStrategy is legacy, a set one is kept")
  void helm3WaitStrategy() {
    HelmRelease hr = new HelmRelease();
    hr.setSpec(new HelmReleaseSpec());
    assertThat(ReleaseRequests.waitStrategy(hr, false))
        .isEqualTo(io.capstan.helm.action.WaitStrategy.POLLER);
    assertThat(ReleaseRequests.waitStrategy(hr, true))
        .isEqualTo(io.capstan.helm.action.WaitStrategy.LEGACY);
    io.capstan.api.helm.v2.WaitStrategy poller = new io.capstan.api.helm.v2.WaitStrategy();
    poller.setName(io.capstan.api.helm.v2.WaitStrategyName.poller);
    hr.getSpec().setWaitStrategy(poller);
    assertThat(ReleaseRequests.waitStrategy(hr, true))
        .isEqualTo(io.capstan.helm.action.WaitStrategy.POLLER);
    assertThat(PostRenderers.rendersHooks(null, true)).isFalse();
    assertThat(PostRenderers.rendersHooks(PostRenderStrategy.separate, true)).isTrue();
  }

  @Test
  @DisplayName("the strategy decides whether the built post-renderer renders hooks")
  void rendersHooks() {
    assertThat(PostRenderers.rendersHooks(null)).isTrue();
    assertThat(PostRenderers.rendersHooks(PostRenderStrategy.combined)).isTrue();
    assertThat(PostRenderers.rendersHooks(PostRenderStrategy.separate)).isTrue();
    assertThat(PostRenderers.rendersHooks(PostRenderStrategy.nohooks)).isFalse();
  }

  @Test
  @DisplayName(
      "adoptPostRenderersStatus: a reconciled generation without the digest adopts it, others"
          + " do not")
  void adoptsPostRenderersDigest() {
    HelmRelease hr = new HelmRelease();
    hr.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("b").build());
    hr.getMetadata().setGeneration(3L);
    HelmReleaseSpec spec = new HelmReleaseSpec();
    io.capstan.api.helm.v2.PostRenderer renderer = new io.capstan.api.helm.v2.PostRenderer();
    renderer.setKustomize(new io.capstan.api.helm.v2.KustomizePostRenderer());
    spec.setPostRenderers(List.of(renderer));
    hr.setSpec(spec);
    HelmReleaseStatus status = new HelmReleaseStatus();
    status.setObservedGeneration(2L);
    hr.setStatus(status);

    HelmReleaseRun.adoptPostRenderersStatus(hr);
    assertThat(status.getObservedPostRenderersDigest()).as("new generation: upgrade").isNull();

    status.setObservedGeneration(3L);
    HelmReleaseRun.adoptPostRenderersStatus(hr);
    assertThat(status.getObservedPostRenderersDigest())
        .isEqualTo(PostRenderers.postRenderersDigest(hr))
        .startsWith("sha256:");

    status.setObservedPostRenderersDigest("sha256:old");
    HelmReleaseRun.adoptPostRenderersStatus(hr);
    assertThat(status.getObservedPostRenderersDigest()).isEqualTo("sha256:old");
  }
}
