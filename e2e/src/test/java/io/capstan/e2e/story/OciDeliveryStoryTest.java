package io.capstan.e2e.story;

import static io.capstan.e2e.story.GitOpsStage.describe;
import static io.capstan.e2e.story.GitOpsStage.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.source.v1.OCIRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.PushedArtifact;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipping manifests as OCI artifacts: CI pushes a Flux artifact to a registry, an OCIRepository
 * pulls it, a Kustomization with {@code sourceRef.kind: OCIRepository} applies it; a new push to
 * the same tag is applied at its new revision.
 */
@WithKubernetes
class OciDeliveryStoryTest {

  @TempDir static Path root;
  static GitOpsStage stage;
  static OciRegistry registry;

  @BeforeAll
  static void start(KubeControlPlane plane) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    registry = OciRegistry.builder().start();
    stage = GitOpsStage.start(plane, root);
  }

  @AfterAll
  static void stop() {
    if (stage != null) {
      stage.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  static Map<String, String> manifests(String greeting) {
    return Map.of(
        "app/kustomization.yaml",
        "resources:\n- config.yaml\n",
        "app/config.yaml",
        Manifests.configMap("greeting", "message", greeting));
  }

  @Test
  @DisplayName("a Kustomization applies an OCIRepository artifact, and the next push at once")
  void appliesFromOciRepository(KubeNamespace namespace) {
    String ns = namespace.name();
    PushedArtifact first = registry.pushArtifact("manifests/app", "production", manifests("hello"));
    stage.apply(
        ns,
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: OCIRepository
        metadata:
          name: app
        spec:
          interval: 2s
          timeout: 10s
          insecure: true
          url: %s
          ref:
            tag: production
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 5s
          retryInterval: 2s
          timeout: 30s
          path: ./app
          prune: true
          targetNamespace: %s
          sourceRef:
            kind: OCIRepository
            name: app
        """
            .formatted(registry.url("manifests/app"), ns));
    awaitApplied(ns, "production@" + first.digest());
    assertThat(configMap(ns).getData()).containsEntry("message", "hello");
    OCIRepository source =
        stage.admin.resources(OCIRepository.class).inNamespace(ns).withName("app").get();
    assertThat(describe(find(source.getStatus().getConditions(), "Ready")))
        .isEqualTo(
            "True/Succeeded: stored artifact for digest 'production@" + first.digest() + "'");

    PushedArtifact second =
        registry.pushArtifact("manifests/app", "production", manifests("bonjour"));
    awaitApplied(ns, "production@" + second.digest());
    await()
        .atMost(GitOpsStage.PATIENCE)
        .until(() -> "bonjour".equals(configMap(ns).getData().get("message")));
  }

  /** Awaits the applied revision; on timeout fails with both objects' status. */
  private static void awaitApplied(String ns, String revision) {
    try {
      stage.awaitAppliedRevision(ns, "app", revision);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not applied: "
              + revision
              + "\nOCIRepository: "
              + stage
                  .admin
                  .resources(OCIRepository.class)
                  .inNamespace(ns)
                  .withName("app")
                  .get()
                  .getStatus()
              + "\nKustomization: "
              + stage.kustomization(ns, "app").getStatus(),
          e);
    }
  }

  private static ConfigMap configMap(String ns) {
    return stage.admin.configMaps().inNamespace(ns).withName("greeting").get();
  }
}
