package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.tools.HelmCli;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HelmRelease controller meeting the real helm v4 CLI ({@code TestTools.helm()}) on one
 * release: a release {@code helm install}ed first is adopted; a {@code helm rollback} done by hand
 * is undone as Flux does (the release no longer matches the latest snapshot: upgrade back to the
 * desired state).
 */
@WithKubernetes
class HelmReleaseTakeoverTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private HelmReleaseFixture start(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0");
    return fixture;
  }

  @Test
  @DisplayName(
      "a release installed with `helm install` is adopted: upgraded, history recorded, still"
          + " listed by helm")
  void adoptsHelmInstalledRelease(KubeControlPlane plane, KubeNamespace ns, @TempDir Path home)
      throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    HelmCli helm = new HelmCli(plane.kubeconfig(), home);
    Path chartDir =
        HelmReleaseFixture.writeChart(home.resolve("src"), HelmReleaseFixture.chart("1.0.0"));
    helm.ok(
        "install", "app", chartDir.toString(), "-n", ns.name(), "--set", "configs.one=from-helm");
    assertThat(f.configValue("one")).isEqualTo("from-helm");
    assertThat(f.releaseSecrets()).containsExactly("sh.helm.release.v1.app.v1");

    f.createHelmRelease(
        HelmReleaseReconcilerTest.release("app", "  values:\n    configs: {one: from-flux}\n"));
    f.awaitCondition(
        "app",
        "Ready",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + ns.name()
            + "/app.v2 with chart app@1.0.0");
    HelmRelease hr = f.get("app");
    // The history starts with the adopted release: helm's v1 is not a snapshot of this object.
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "deployed"));
    assertThat(hr.getStatus().getLastAttemptedReleaseAction().name()).isEqualTo("upgrade");
    assertThat(hr.getStatus().getInstallFailures()).isIn(null, 0L);
    assertThat(hr.getStatus().getUpgradeFailures()).isIn(null, 0L);
    assertThat(f.configValue("one")).isEqualTo("from-flux");
    assertThat(f.client().configMaps().withName("one").get().getMetadata().getLabels())
        .containsEntry("helm.toolkit.fluxcd.io/name", "app")
        .containsEntry("helm.toolkit.fluxcd.io/namespace", ns.name());
    assertThat(f.releaseSecrets())
        .containsExactly("sh.helm.release.v1.app.v1", "sh.helm.release.v1.app.v2");

    JsonNode list = JSON.readTree(helm.ok("list", "-n", ns.name(), "-o", "json"));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("name").asText()).isEqualTo("app");
    assertThat(list.get(0).path("revision").asText()).isEqualTo("2");
    assertThat(list.get(0).path("status").asText()).isEqualTo("deployed");
    assertThat(list.get(0).path("chart").asText()).isEqualTo("app-1.0.0");
    JsonNode history = JSON.readTree(helm.ok("history", "app", "-n", ns.name(), "-o", "json"));
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("status").asText()).isEqualTo("superseded");
    assertThat(history.get(1).path("description").asText()).isEqualTo("Upgrade complete");
    assertThat(JSON.readTree(helm.ok("get", "values", "app", "-n", ns.name(), "-o", "json")))
        .isEqualTo(JSON.readTree("{\"configs\":{\"one\":\"from-flux\"}}"));

    // Adopted, then steady: another reconcile does nothing.
    f.requestReconcile("app");
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.get("app").getStatus().getLastHandledReconcileAt() != null);
    assertThat(f.releaseSecrets()).hasSize(2);
  }

  @Test
  @DisplayName(
      "`helm rollback` by hand: the release no longer matches the latest snapshot, so the"
          + " controller upgrades back to the desired state (Flux)")
  void undoesManualHelmRollback(KubeControlPlane plane, KubeNamespace ns, @TempDir Path home)
      throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    HelmCli helm = new HelmCli(plane.kubeconfig(), home);
    f.createHelmRelease(HelmReleaseReconcilerTest.release("app", ""));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    f.mergePatch("app", "{\"spec\":{\"values\":{\"configs\":{\"one\":\"second\"}}}}");
    f.awaitCondition("app", "Ready", "True/UpgradeSucceeded");
    assertThat(f.configValue("one")).isEqualTo("second");
    String latestDigest = f.get("app").getStatus().getHistory().get(0).getDigest();

    // The objects belong to helm-controller's field manager: helm must force its apply.
    helm.ok("rollback", "app", "1", "-n", ns.name(), "--force-conflicts");
    assertThat(f.configValue("one")).isEqualTo("first");
    assertThat(f.releaseSecrets()).contains("sh.helm.release.v1.app.v3");

    f.requestReconcile("app");
    f.awaitCondition(
        "app",
        "Ready",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + ns.name()
            + "/app.v4 with chart app@1.0.0");
    assertThat(f.configValue("one")).isEqualTo("second");
    HelmRelease hr = f.get("app");
    HelmReleaseSnapshot latest = hr.getStatus().getHistory().get(0);
    assertThat(latest.getVersion()).isEqualTo(4);
    assertThat(latest.getStatus()).isEqualTo("deployed");
    assertThat(latest.getDigest()).isNotEqualTo(latestDigest);
    // The hand-made revision is not taken for one of ours.
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion)
        .doesNotContain(3);
    assertThat(hr.getStatus().getUpgradeFailures()).isIn(null, 0L);
    JsonNode history = JSON.readTree(helm.ok("history", "app", "-n", ns.name(), "-o", "json"));
    assertThat(history).hasSize(4);
    assertThat(history.get(2).path("description").asText()).isEqualTo("Rollback to 1");
    assertThat(history.get(3).path("status").asText()).isEqualTo("deployed");
    assertThat(history.get(3).path("description").asText()).isEqualTo("Upgrade complete");
  }
}
