package io.capstan.e2e.helm;

import static io.capstan.e2e.helm.HelmStage.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix rows for helm-controller (issue #21), on the {@link HelmStage} (kwok cluster,
 * source-controller and helm-controller as their own JVMs): {@code kill -9} of helm-controller
 * while an install waits (the release left {@code pending-install} is unlocked and recovered as
 * Flux does, nothing duplicated), and the chart repository down for several intervals (the
 * HelmChart keeps its artifact, the HelmRelease keeps its release, recovery).
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmControllerFaultsTest {

  private HelmStage stage;

  @BeforeAll
  void start(@TempDir Path work) throws Exception {
    stage = new HelmStage(work, "faults");
    stage.apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: charts
        spec:
          interval: 5s
          timeout: 3s
          url: %s
        """
            .formatted(stage.charts.url()));
  }

  @AfterAll
  void stop() {
    if (stage != null) {
      stage.close();
    }
  }

  private static void report(String row, Duration took) {
    System.err.printf("[capstan-faults] %s: %d ms%n", row, took.toMillis());
  }

  private static String release(String name, String values) {
    return """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: %s
        spec:
          interval: 10s
          timeout: 120s
          chart:
            spec:
              chart: webapp
              version: "1.x"
              interval: 5s
              sourceRef: {kind: HelmRepository, name: charts}
          values:
        %s"""
        .formatted(name, values);
  }

  private Optional<Secret> releaseSecret(String name, int version) {
    return Optional.ofNullable(
        stage
            .client
            .secrets()
            .inNamespace(NS)
            .withName("sh.helm.release.v1." + name + ".v" + version)
            .get());
  }

  @Test
  @Order(1)
  @DisplayName(
      "kill -9 of helm-controller mid-install: pending-install unlocked, upgraded, one of each"
          + " object, Ready")
  void killDuringInstall() {
    // The Deployment can only schedule on a node labelled capstan.test/ready=yes: none is yet, so
    // the install waits for it with the release recorded pending-install.
    stage.apply(release("killed", "    nodeSelector: {capstan.test/ready: \"yes\"}\n"));
    await()
        .atMost(HelmStage.TIMEOUT)
        .until(
            () ->
                releaseSecret("killed", 1)
                    .map(s -> "pending-install".equals(s.getMetadata().getLabels().get("status")))
                    .orElse(false));
    stage.helmController().killHard();
    Instant killed = Instant.now();
    assertThat(releaseSecret("killed", 1).orElseThrow().getMetadata().getLabels())
        .containsEntry("status", "pending-install");

    for (Node node : stage.client.nodes().list().getItems()) {
      stage
          .client
          .nodes()
          .withName(node.getMetadata().getName())
          .edit(
              n -> {
                n.getMetadata().getLabels().put("capstan.test/ready", "yes");
                return n;
              });
    }
    stage.startHelmController();
    stage.awaitCondition("killed", "Ready", "True/");
    report("helm-controller kill -9 mid-install → Ready", Duration.between(killed, Instant.now()));

    // As Flux: the stale pending-install became failed (unlocked), then an upgrade released v2.
    Secret v1 = releaseSecret("killed", 1).orElseThrow();
    assertThat(v1.getMetadata().getLabels()).containsEntry("status", "failed");
    assertThat(releaseSecret("killed", 2).orElseThrow().getMetadata().getLabels())
        .containsEntry("status", "deployed");
    assertThat(stage.releaseSecrets("killed"))
        .containsExactly("sh.helm.release.v1.killed.v1", "sh.helm.release.v1.killed.v2");
    HelmRelease hr = stage.get("killed");
    assertThat(hr.getStatus().getHistory().get(0).getVersion()).isEqualTo(2);
    assertThat(hr.getStatus().getHistory().get(0).getStatus()).isEqualTo("deployed");
    // Nothing duplicated: one Deployment, one ReplicaSet generation, one Service, one ConfigMap.
    await().atMost(HelmStage.TIMEOUT).until(() -> stage.rolledOut("killed"));
    assertThat(
            stage.client.apps().deployments().inNamespace(NS).list().getItems().stream()
                .filter(d -> d.getMetadata().getName().startsWith("killed"))
                .count())
        .isEqualTo(1);
    assertThat(
            stage
                .client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("killed")
                .get()
                .getMetadata()
                .getGeneration())
        .isEqualTo(1L);
    assertThat(stage.client.services().inNamespace(NS).withName("killed").get()).isNotNull();
    assertThat(stage.client.configMaps().inNamespace(NS).withName("killed-config").get())
        .isNotNull();
  }

  @Test
  @Order(2)
  @DisplayName(
      "chart repository down for several intervals: HelmChart keeps its artifact, the release is"
          + " kept, a version published meanwhile is installed once it is back")
  void chartRepositoryDown() throws Exception {
    stage.apply(release("steady", "    message: steady\n"));
    stage.awaitCondition(
        "steady",
        "Ready",
        "True/InstallSucceeded: Helm install succeeded for release "
            + NS
            + "/steady.v1 with chart webapp@1.0.0");
    String chartName = NS + "-steady";
    Map<String, Object> artifact = helmChartArtifact(chartName);
    assertThat(artifact).containsEntry("revision", "1.0.0");

    stage.charts.failNext(Integer.MAX_VALUE, 503);
    Instant down = Instant.now();
    stage.charts.publish("webapp", "1.1.0", HelmStage.chartFiles("1.1.0"));
    await()
        .atMost(HelmStage.TIMEOUT)
        .until(
            () ->
                readyOf("source.toolkit.fluxcd.io/v1", "HelmRepository", "charts")
                    .startsWith("False/"));
    String repositoryStatus = readyOf("source.toolkit.fluxcd.io/v1", "HelmRepository", "charts");
    System.err.printf("[capstan-faults] HelmRepository while down: %s%n", repositoryStatus);
    assertThat(repositoryStatus).contains("503");
    // Several intervals (5 s) down: nothing else moves.
    while (Duration.between(down, Instant.now()).compareTo(Duration.ofSeconds(25)) < 0) {
      Thread.sleep(1000);
      assertThat(helmChartArtifact(chartName))
          .as("HelmChart artifact while the repository is down")
          .containsEntry("revision", "1.0.0")
          .containsEntry("digest", artifact.get("digest"));
      assertThat(stage.describe("steady", "Ready")).startsWith("True/InstallSucceeded");
      assertThat(stage.releaseSecrets("steady")).containsExactly("sh.helm.release.v1.steady.v1");
      assertThat(stage.rolledOut("steady")).isTrue();
    }

    stage.charts.failNext(0, 503);
    Instant healed = Instant.now();
    stage.awaitCondition(
        "steady",
        "Ready",
        "True/UpgradeSucceeded: Helm upgrade succeeded for release "
            + NS
            + "/steady.v2 with chart webapp@1.1.0");
    report(
        "chart repository down 25 s → new version released",
        Duration.between(healed, Instant.now()));
    assertThat(readyOf("source.toolkit.fluxcd.io/v1", "HelmRepository", "charts"))
        .startsWith("True/");
    assertThat(helmChartArtifact(chartName)).containsEntry("revision", "1.1.0");
    assertThat(stage.releaseSecrets("steady"))
        .containsExactly("sh.helm.release.v1.steady.v1", "sh.helm.release.v1.steady.v2");
    assertThat(stage.get("steady").getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getChartVersion)
        .containsExactly("1.1.0", "1.0.0");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> helmChartArtifact(String name) {
    GenericKubernetesResource chart =
        stage
            .client
            .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmChart")
            .inNamespace(NS)
            .withName(name)
            .get();
    Map<String, Object> status =
        chart == null ? null : (Map<String, Object>) chart.getAdditionalProperties().get("status");
    Object artifact = status == null ? null : status.get("artifact");
    return artifact == null ? Map.of() : (Map<String, Object>) artifact;
  }

  @SuppressWarnings("unchecked")
  private String readyOf(String apiVersion, String kind, String name) {
    GenericKubernetesResource r =
        stage
            .client
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(NS)
            .withName(name)
            .get();
    Map<String, Object> status =
        r == null ? null : (Map<String, Object>) r.getAdditionalProperties().get("status");
    List<Map<String, Object>> conditions =
        status == null ? null : (List<Map<String, Object>>) status.get("conditions");
    if (conditions == null) {
      return "";
    }
    return conditions.stream()
        .filter(c -> "Ready".equals(c.get("type")))
        .map(c -> c.get("status") + "/" + c.get("reason") + ": " + c.get("message"))
        .findFirst()
        .orElse("");
  }
}
