package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flux's chart digest tracking for a chart from an OCIRepository: the chart version carries the
 * artifact digest, {@code lastAttemptedRevisionDigest} and the snapshot's {@code ociDigest} record
 * it, and the same tag pushed again with other content upgrades; with the {@code
 * DisableChartDigestTracking} gate none of it. One table row per gate setting.
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

  /**
   * One setting of the {@code DisableChartDigestTracking} gate and what a user reads: after the
   * install of the chart pushed as 1.0.0 with digest {@link #FIRST}, and after the same tag is
   * pushed again with digest {@link #SECOND} (and a reconcile is requested on top).
   *
   * @param name what the row shows
   * @param disableTracking the gate
   * @param installedVersion {@code lastAttemptedRevision} and the snapshot's chart version
   * @param installedDigest {@code lastAttemptedRevisionDigest} and the snapshot's {@code ociDigest}
   * @param installedReady the start of Ready after the install ({@code %s}: the namespace)
   * @param repushedReady the start of Ready after the re-push ({@code %s}: the namespace)
   * @param repushedHistory the history after the re-push: (version, ociDigest), newest first
   * @param repushedDigest {@code lastAttemptedRevisionDigest} after the re-push
   */
  record Case(
      String name,
      boolean disableTracking,
      String installedVersion,
      String installedDigest,
      String installedReady,
      String repushedReady,
      List<Tuple> repushedHistory,
      String repushedDigest) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "chartRef OCIRepository: version 1.0.0+<digest>, ociDigest recorded; a re-pushed tag"
                + " upgrades",
            false,
            "1.0.0+1111111111aa",
            FIRST,
            "True/InstallSucceeded: Helm install succeeded for release %s/app.v1 with chart"
                + " app@1.0.0+1111111111aa",
            "True/UpgradeSucceeded: Helm upgrade succeeded for release %s/app.v2 with chart"
                + " app@1.0.0+9999999999",
            List.of(Tuple.tuple(2, SECOND), Tuple.tuple(1, FIRST)),
            SECOND),
        new Case(
            "DisableChartDigestTracking: version 1.0.0 without digest, no ociDigest; a re-pushed"
                + " tag does not upgrade",
            true,
            "1.0.0",
            null,
            "True/InstallSucceeded: Helm install succeeded for release %s/app.v1 with chart"
                + " app@1.0.0",
            "True/InstallSucceeded: Helm install succeeded for release %s/app.v1 with chart"
                + " app@1.0.0",
            List.of(Tuple.tuple(1, null)),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void chartDigestTracking(Case c, KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f =
        HelmReleaseFixture.start(
            plane, ns.name(), b -> b.disableChartDigestTracking(c.disableTracking()));
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
    f.awaitCondition("app", "Ready", c.installedReady().formatted(ns.name()));
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getLastAttemptedRevision()).isEqualTo(c.installedVersion());
    assertThat(hr.getStatus().getLastAttemptedRevisionDigest()).isEqualTo(c.installedDigest());
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getChartVersion, HelmReleaseSnapshot::getOciDigest)
        .containsExactly(Tuple.tuple(c.installedVersion(), c.installedDigest()));

    // the same tag pushed again with other content: the re-push alone upgrades (or not) ...
    f.publishChart("OCIRepository", "oci", "1.0.0", "1.0.0@" + SECOND);
    f.awaitCondition("app", "Ready", c.repushedReady().formatted(ns.name()));
    // ... and a reconcile handled after it changes nothing more (a merge patch without a
    // resourceVersion, as `flux reconcile` sends it: it cannot conflict with the controller's
    // status writes)
    f.mergePatch(
        "app",
        "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"after-repush\"}}}");
    Awaitility.await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> "after-repush".equals(f.get("app").getStatus().getLastHandledReconcileAt()));
    hr = f.get("app");
    assertThat(hr.getStatus().getLastAttemptedRevisionDigest()).isEqualTo(c.repushedDigest());
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getOciDigest)
        .containsExactlyElementsOf(c.repushedHistory());
    assertThat(
            f.client()
                .secrets()
                .withLabel("owner", "helm")
                .withLabel("name", "app")
                .list()
                .getItems())
        .hasSize(c.repushedHistory().size());
  }
}
