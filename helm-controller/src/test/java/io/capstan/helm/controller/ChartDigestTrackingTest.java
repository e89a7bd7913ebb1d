package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flux's chart digest tracking for a chart from an OCIRepository: the chart version carries the
 * artifact digest, {@code lastAttemptedRevisionDigest} and the snapshot's {@code ociDigest} record
 * it, and the same tag pushed again with other content upgrades.
 */
@WithKubernetes
class ChartDigestTrackingTest {
  private static final String FIRST =
      "sha256:1111111111aa2222222222bb3333333333cc4444444444dd5555555555ee6666";
  private static final String SECOND =
      "sha256:99999999990088888888887777777777776666666666555555555544444444ff";

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @DisplayName(
      "chartRef OCIRepository: version 1.0.0+<digest>, ociDigest recorded; a re-pushed tag upgrades")
  void ociDigest(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture = f;
    GenericKubernetesResource repo = new GenericKubernetesResource();
    repo.setApiVersion("source.toolkit.fluxcd.io/v1");
    repo.setKind("OCIRepository");
    repo.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("oci").build());
    repo.setAdditionalProperties(
        Map.of("spec", Map.of("url", "oci://registry.example/charts/app", "interval", "10m")));
    f.client()
        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "OCIRepository")
        .resource(repo)
        .create();
    f.publishChart("OCIRepository", "oci", "1.0.0", "1.0.0@" + FIRST);
    f.createHelmRelease(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
        spec:
          interval: 10m
          chartRef:
            kind: OCIRepository
            name: oci
        """);
    f.awaitCondition(
        "app",
        "Ready",
        "True/InstallSucceeded: Helm install succeeded for release "
            + ns.name()
            + "/app.v1 with chart app@1.0.0+1111111111aa");
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getLastAttemptedRevision()).isEqualTo("1.0.0+1111111111aa");
    assertThat(hr.getStatus().getLastAttemptedRevisionDigest()).isEqualTo(FIRST);
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getChartVersion, HelmReleaseSnapshot::getOciDigest)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0+1111111111aa", FIRST));

    // the same tag pushed again with other content
    f.publishChart("OCIRepository", "oci", "1.0.0", "1.0.0@" + SECOND);
    f.awaitCondition(
        "app",
        "Ready",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + ns.name()
            + "/app.v2 with chart app@1.0.0+9999999999");
    hr = f.get("app");
    assertThat(hr.getStatus().getLastAttemptedRevisionDigest()).isEqualTo(SECOND);
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getOciDigest)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, SECOND),
            org.assertj.core.groups.Tuple.tuple(1, FIRST));
  }

  @Test
  @DisplayName(
      "DisableChartDigestTracking: version 1.0.0 without digest, no ociDigest; a re-pushed tag"
          + " does not upgrade")
  void digestTrackingDisabled(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f =
        HelmReleaseFixture.start(plane, ns.name(), b -> b.disableChartDigestTracking(true));
    fixture = f;
    GenericKubernetesResource repo = new GenericKubernetesResource();
    repo.setApiVersion("source.toolkit.fluxcd.io/v1");
    repo.setKind("OCIRepository");
    repo.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("oci").build());
    repo.setAdditionalProperties(
        Map.of("spec", Map.of("url", "oci://registry.example/charts/app", "interval", "10m")));
    f.client()
        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "OCIRepository")
        .resource(repo)
        .create();
    f.publishChart("OCIRepository", "oci", "1.0.0", "1.0.0@" + FIRST);
    f.createHelmRelease(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
        spec:
          interval: 10m
          chartRef:
            kind: OCIRepository
            name: oci
        """);
    f.awaitCondition(
        "app",
        "Ready",
        "True/InstallSucceeded: Helm install succeeded for release "
            + ns.name()
            + "/app.v1 with chart app@1.0.0");
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getLastAttemptedRevision()).isEqualTo("1.0.0");
    assertThat(hr.getStatus().getLastAttemptedRevisionDigest()).isNull();
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getChartVersion, HelmReleaseSnapshot::getOciDigest)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", null));

    // the same tag pushed again: reconciled (the request is handled), but no upgrade
    f.publishChart("OCIRepository", "oci", "1.0.0", "1.0.0@" + SECOND);
    f.client()
        .resources(HelmRelease.class)
        .withName("app")
        .edit(
            h -> {
              h.getMetadata()
                  .getAnnotations()
                  .put("reconcile.fluxcd.io/requestedAt", "after-repush");
              return h;
            });
    org.awaitility.Awaitility.await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> "after-repush".equals(f.get("app").getStatus().getLastHandledReconcileAt()));
    hr = f.get("app");
    assertThat(hr.getStatus().getHistory()).hasSize(1);
    assertThat(hr.getStatus().getLastAttemptedRevisionDigest()).isNull();
    assertThat(
            f.client()
                .secrets()
                .withLabel("owner", "helm")
                .withLabel("name", "app")
                .list()
                .getItems())
        .hasSize(1);
  }
}
