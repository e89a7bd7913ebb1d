package io.capstan.e2e.helm;

import static io.capstan.e2e.helm.HelmStage.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm-controller with source-controller, each its own JVM, on a kwok cluster: a chart of our own
 * (Deployment, Service, ConfigMap, hook Job, test Pod) from a chart repository (HelmRepository →
 * HelmChart) and from a GitRepository (chart in a path) — install, the real helm CLI lists the
 * release, a values change through a {@code valuesFrom} ConfigMap upgrades, an upgrade whose
 * Deployment never becomes healthy is rolled back (history and failure counters as Flux).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmDeliveryTest {

  @TempDir static Path work;
  private HelmStage stage;

  @BeforeAll
  void start() throws Exception {
    stage = new HelmStage(work, "delivery");
  }

  @AfterAll
  void stop() {
    if (stage != null) {
      stage.close();
    }
  }

  private String configMessage(String release) {
    ConfigMap cm = stage.client.configMaps().inNamespace(NS).withName(release + "-config").get();
    return cm == null ? null : cm.getData().get("message");
  }

  @Test
  @Order(1)
  @DisplayName(
      "HelmRepository → HelmChart → HelmRelease: installed with hook and test, Ready, listed by"
          + " helm")
  void installFromChartRepository() {
    stage.apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: charts
        spec:
          interval: 5s
          url: %s
        """
            .formatted(stage.charts.url()));
    stage.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-values
        data:
          values.yaml: |
            message: v1
        """);
    stage.apply(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: web
        spec:
          interval: 1m
          timeout: 60s
          chart:
            spec:
              chart: webapp
              version: "1.x"
              interval: 5s
              sourceRef: {kind: HelmRepository, name: charts}
          valuesFrom:
          - kind: ConfigMap
            name: web-values
          test:
            enable: true
          upgrade:
            timeout: 15s
            remediation:
              retries: 0
              remediateLastFailure: true
        """);
    // With tests enabled (and not ignored), Ready summarizes TestSuccess (Flux).
    stage.awaitCondition(
        "web",
        "Ready",
        "True/TestSucceeded: Helm test succeeded for release "
            + NS
            + "/web.v1 with chart webapp@1.0.0: 1 test hook completed successfully");
    stage.awaitCondition(
        "web",
        "Released",
        "True/InstallSucceeded: Helm install succeeded for release "
            + NS
            + "/web.v1 with chart webapp@1.0.0");
    HelmRelease hr = stage.get("web");
    assertThat(hr.getStatus().getHelmChart()).isEqualTo(NS + "/" + NS + "-web");
    assertThat(hr.getStatus().getLastAttemptedRevision()).isEqualTo("1.0.0");
    HelmReleaseSnapshot v1 = hr.getStatus().getHistory().get(0);
    assertThat(v1.getVersion()).isEqualTo(1);
    assertThat(v1.getStatus()).isEqualTo("deployed");
    assertThat(v1.getTestHooks().get("web-test").getPhase()).isEqualTo("Succeeded");
    assertThat(configMessage("web")).isEqualTo("v1");
    assertThat(stage.rolledOut("web")).isTrue();
    assertThat(stage.client.services().inNamespace(NS).withName("web").get()).isNotNull();
    // the hook Job ran to completion (its delete policy keeps it until the next run)
    assertThat(
            stage
                .client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("web-migrate")
                .get()
                .getStatus()
                .getSucceeded())
        .isEqualTo(1);

    JsonNode list = stage.helmList();
    assertThat(list).extracting(n -> n.path("name").asText()).contains("web");
    JsonNode web = first(list, "web");
    assertThat(web.path("revision").asText()).isEqualTo("1");
    assertThat(web.path("status").asText()).isEqualTo("deployed");
    assertThat(web.path("chart").asText()).isEqualTo("webapp-1.0.0");
  }

  @Test
  @Order(2)
  @DisplayName("a values change in the valuesFrom ConfigMap upgrades to revision 2")
  void valuesChangeUpgrades() {
    stage
        .client
        .configMaps()
        .inNamespace(NS)
        .withName("web-values")
        .edit(
            cm -> {
              cm.setData(Map.of("values.yaml", "message: v2\n"));
              return cm;
            });
    stage.requestReconcile("web");
    stage.awaitCondition(
        "web", "Ready", "True/TestSucceeded: Helm test succeeded for release " + NS + "/web.v2");
    stage.awaitCondition(
        "web",
        "Released",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + NS
            + "/web.v2 with chart webapp@1.0.0");
    assertThat(configMessage("web")).isEqualTo("v2");
    await().atMost(HelmStage.TIMEOUT).until(() -> stage.rolledOut("web"));
    Deployment d = stage.client.apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("message", "v2");
    assertThat(stage.get("web").getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getStatus)
        .containsExactly(Tuple.tuple(2, "deployed"), Tuple.tuple(1, "superseded"));
    JsonNode history = stage.helmHistory("web");
    assertThat(history).hasSize(2);
    assertThat(history.get(1).path("description").asText()).isEqualTo("Upgrade complete");
  }

  @Test
  @Order(3)
  @DisplayName(
      "an upgrade whose Deployment never becomes healthy is rolled back: revision 2's objects run,"
          + " history and failure counters as Flux")
  void unhealthyUpgradeRolledBack() {
    stage.mergePatch("web", "{\"spec\":{\"values\":{\"nodeSelector\":{\"disktype\":\"none\"}}}}");
    stage.awaitCondition(
        "web", "Remediated", "True/RollbackSucceeded: Helm rollback to previous release");
    stage.awaitCondition(
        "web", "Stalled", "True/RetriesExceeded: Failed to upgrade after 1 attempt(s)");
    // As Flux's summarize: Ready keeps the reason of the last action (here the remediation's), not
    // Stalled's RetriesExceeded.
    stage.awaitCondition("web", "Ready", "False/RollbackSucceeded");
    HelmRelease hr = stage.get("web");
    assertThat(stage.describe("web", "Released"))
        .startsWith("False/UpgradeFailed: Helm upgrade failed for release " + NS + "/web");
    assertThat(hr.getStatus().getUpgradeFailures()).isEqualTo(1L);
    assertThat(hr.getStatus().getFailures()).isGreaterThanOrEqualTo(1L);
    assertThat(hr.getStatus().getLastAttemptedReleaseAction().name()).isEqualTo("upgrade");
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getStatus)
        .startsWith(Tuple.tuple(4, "deployed"), Tuple.tuple(3, "failed"));
    JsonNode history = stage.helmHistory("web");
    assertThat(history.get(history.size() - 1).path("description").asText())
        .isEqualTo("Rollback to 2");
    // revision 2 runs again: no node selector, rolled out, message v2
    await().atMost(HelmStage.TIMEOUT).until(() -> stage.rolledOut("web"));
    Deployment d = stage.client.apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(configMessage("web")).isEqualTo("v2");
  }

  @Test
  @Order(4)
  @DisplayName("GitRepository → HelmChart from a path → HelmRelease: installed, listed by helm")
  void installFromGitRepository() {
    stage.apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: charts
        spec:
          interval: 5s
          url: %s
          ref: {branch: main}
        """
            .formatted(stage.gitServer.url("charts")));
    stage.apply(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: fromgit
        spec:
          interval: 1m
          timeout: 60s
          chart:
            spec:
              chart: ./charts/webapp
              sourceRef: {kind: GitRepository, name: charts}
          values:
            message: from-git
        """);
    stage.awaitCondition(
        "fromgit",
        "Ready",
        "True/InstallSucceeded: Helm install succeeded for release "
            + NS
            + "/fromgit.v1 with chart webapp@1.0.0");
    assertThat(configMessage("fromgit")).isEqualTo("from-git");
    assertThat(stage.rolledOut("fromgit")).isTrue();
    JsonNode fromgit = first(stage.helmList(), "fromgit");
    assertThat(fromgit.path("status").asText()).isEqualTo("deployed");
    assertThat(fromgit.path("chart").asText()).isEqualTo("webapp-1.0.0");
    assertThat(stage.releaseSecrets("fromgit")).containsExactly("sh.helm.release.v1.fromgit.v1");
  }

  private static JsonNode first(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (name.equals(n.path("name").asText())) {
        return n;
      }
    }
    throw new AssertionError("helm list has no release " + name + ": " + list);
  }
}
