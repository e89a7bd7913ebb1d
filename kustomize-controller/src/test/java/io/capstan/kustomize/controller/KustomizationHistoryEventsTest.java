package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.HistorySnapshot;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code status.history}, {@code lastAppliedOriginRevision} and the change-set events, as a user
 * reads them with {@code kubectl get kustomization -o yaml} and {@code kubectl get events}.
 */
@WithKubernetes
class KustomizationHistoryEventsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String ORIGIN = "v1.0.0@sha1:0123456789abcdef";

  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void start(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    host = new ArtifactHost();
    controller = RunningKustomizeController.start(plane, namespace.name());
  }

  @AfterEach
  void stop() {
    controller.close();
    host.close();
  }

  private static String secret(String name, String password) {
    return """
        apiVersion: v1
        kind: Secret
        metadata:
          name: %s
        stringData:
          password: %s
        """
        .formatted(name, password);
  }

  private static List<Event> events(KubernetesClient client, String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> "app".equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Test
  @DisplayName(
      "records history per applied set, the origin revision, one change-set event per change"
          + " (never for unchanged objects, never with secret data) and a Warning on failure")
  void historyAndEvents(KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository(
        "repo",
        host.publish(
            "/r1.tar.gz",
            Map.of(
                "a.yaml", KustomizationReconcilerTest.configMap("a", "one"),
                "b.yaml", KustomizationReconcilerTest.configMap("b", "bee"),
                "s.yaml", secret("s", "hunter2"))),
        "main@sha1:1111",
        Map.of("org.opencontainers.image.revision", ORIGIN));
    source.createKustomization(
        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app
                spec:
                  interval: 1s
                  retryInterval: 1s
                  prune: true
                  targetNamespace: %s
                  sourceRef:
                    kind: GitRepository
                    name: repo
                """
            .formatted(ns));

    // First revision: one snapshot, counted again at every interval while nothing changes.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              List<HistorySnapshot> h = source.kustomization("app").getStatus().getHistory();
              assertThat(h).hasSize(1);
              assertThat(h.get(0).getTotalReconciliations()).isGreaterThanOrEqualTo(3L);
            });
    KustomizationStatus status = source.kustomization("app").getStatus();
    assertThat(status.getLastAppliedRevision()).isEqualTo("main@sha1:1111");
    assertThat(status.getLastAppliedOriginRevision()).isEqualTo(ORIGIN);
    HistorySnapshot first = status.getHistory().get(0);
    assertThat(first.getDigest()).matches("sha256:[0-9a-f]{64}");
    assertThat(first.getLastReconciledStatus()).isEqualTo("ReconciliationSucceeded");
    assertThat(first.getMetadata())
        .containsEntry("revision", "main@sha1:1111")
        .containsEntry("originRevision", ORIGIN);
    assertThat(first.getFirstReconciled()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(first.getLastReconciled()).isGreaterThanOrEqualTo(first.getFirstReconciled());
    assertThat(first.getLastReconciledDuration()).matches("[0-9.]+(ms|s|µs)");

    List<Event> applied = events(client, "Progressing");
    assertThat(applied)
        .as("one change-set event although the set was applied several times")
        .hasSize(1);
    Event created = applied.get(0);
    assertThat(created.getType()).isEqualTo("Normal");
    assertThat(created.getMessage().lines().sorted().toList())
        .containsExactly(
            "ConfigMap/" + ns + "/a created",
            "ConfigMap/" + ns + "/b created",
            "Secret/" + ns + "/s created");
    assertThat(created.getMetadata().getAnnotations())
        .containsEntry("kustomize.toolkit.fluxcd.io/revision", "main@sha1:1111")
        .containsEntry("kustomize.toolkit.fluxcd.io/originRevision", ORIGIN);

    // Flux's success event after every reconcile, also the no-change ones, with the
    // commit-status metadata notification-controller's providers act on.
    List<Event> finished = events(client, "ReconciliationSucceeded");
    assertThat(finished)
        .as("one success event per reconcile, not only for the first apply")
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage())
                  .matches("Reconciliation finished in [0-9.]+(ns|µs|ms|s), next run in 1s");
              assertThat(e.getMetadata().getAnnotations())
                  .containsEntry("kustomize.toolkit.fluxcd.io/commit_status", "update")
                  .containsEntry("kustomize.toolkit.fluxcd.io/revision", "main@sha1:1111")
                  .containsEntry("kustomize.toolkit.fluxcd.io/originRevision", ORIGIN);
            });

    // Second revision: only the changed object is in the event; a second snapshot in front.
    source.publish(
        "repo",
        host.publish(
            "/r2.tar.gz",
            Map.of(
                "a.yaml", KustomizationReconcilerTest.configMap("a", "two"),
                "b.yaml", KustomizationReconcilerTest.configMap("b", "bee"),
                "s.yaml", secret("s", "hunter3"))),
        "main@sha1:2222");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(events(client, "Progressing")).hasSize(2));
    assertThat(events(client, "Progressing"))
        .anySatisfy(
            e ->
                assertThat(e.getMessage().lines().sorted().toList())
                    .containsExactly(
                        "ConfigMap/" + ns + "/a configured", "Secret/" + ns + "/s configured"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              KustomizationStatus s = source.kustomization("app").getStatus();
              assertThat(s.getHistory()).hasSize(2);
              assertThat(s.getHistory().get(0).getMetadata())
                  .containsEntry("revision", "main@sha1:2222")
                  .doesNotContainKey("originRevision");
              assertThat(s.getHistory().get(1).getDigest()).isEqualTo(first.getDigest());
              assertThat(s.getLastAppliedOriginRevision()).isNull();
            });

    // Third revision fails the dry-run: a Warning with the reason, a failed snapshot in front.
    source.publish(
        "repo",
        host.publish(
            "/r3.tar.gz",
            Map.of(
                "a.yaml", KustomizationReconcilerTest.configMap("a", "three"),
                "bad.yaml", KustomizationReconcilerTest.configMap("Bad_Name", "x"))),
        "main@sha1:3333");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              List<Event> warnings = events(client, "ReconciliationFailed");
              assertThat(warnings).isNotEmpty();
              assertThat(warnings.get(0).getType()).isEqualTo("Warning");
              assertThat(warnings.get(0).getMessage()).contains("ConfigMap/" + ns + "/Bad_Name");
              KustomizationStatus s = source.kustomization("app").getStatus();
              assertThat(s.getHistory()).hasSize(3);
              assertThat(s.getHistory().get(0).getLastReconciledStatus())
                  .isEqualTo("ReconciliationFailed");
              assertThat(s.getHistory().get(0).getMetadata())
                  .containsEntry("revision", "main@sha1:3333");
            });
    assertThat(client.configMaps().withName("a").get().getData()).containsEntry("key", "two");

    String encoded = Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8));
    assertThat(client.v1().events().list().getItems())
        .allSatisfy(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("hunter2")
                    .doesNotContain("hunter3")
                    .doesNotContain(encoded));
  }
}
