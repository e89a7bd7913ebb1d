package io.capstan.e2e.story;

import static io.capstan.e2e.story.GitOpsStage.describe;
import static io.capstan.e2e.story.GitOpsStage.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.source.v1.Bucket;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.s3.S3Server;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Manifests shipped through object storage: a Bucket on a real S3 server (s3proxy) reconciled by
 * the in-process source-controller, applied by the in-process kustomize-controller.
 */
@WithKubernetes
class BucketStoryTest extends GitOpsStory {

  @RegisterExtension static final S3Server S3 = S3Server.builder().build();

  @Test
  @DisplayName(
      "a Kustomization of a Bucket applies it, re-applies a changed object, and keeps what is"
          + " applied while the bucket server is down")
  void bucketToCluster(KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    S3.createBucket("manifests");
    S3.putObject("manifests", "deploy/settings.yaml", Manifests.configMap("settings", "a", "1"));
    S3.putObject("manifests", "README.md", "not applied: outside ./deploy");
    stage.apply(
        ns,
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: s3-creds
        stringData:
          accesskey: %s
          secretkey: %s
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: Bucket
        metadata:
          name: manifests
        spec:
          interval: 2s
          timeout: 10s
          provider: generic
          bucketName: manifests
          endpoint: %s
          insecure: true
          secretRef:
            name: s3-creds
        """
            .formatted(S3.accessKey(), S3.secretKey(), S3.endpoint()));
    stage.apply(
        ns,
        Manifests.kustomization("settings", "manifests", "./deploy", ns, "prune: true")
            .replace("kind: GitRepository", "kind: Bucket"));

    String r1 = awaitBucket(ns, b -> b.getStatus().getArtifact() != null);
    assertThat(r1).startsWith("sha256:");
    stage.awaitAppliedRevision(ns, "settings", r1);
    assertThat(configMap(ns, "settings").getData()).containsEntry("a", "1");

    S3.putObject("manifests", "deploy/settings.yaml", Manifests.configMap("settings", "a", "2"));
    String r2 = awaitBucket(ns, b -> !r1.equals(revision(b)));
    stage.awaitAppliedRevision(ns, "settings", r2);
    assertThat(configMap(ns, "settings").getData()).containsEntry("a", "2");

    S3.pause();
    try {
      await()
          .atMost(GitOpsStage.PATIENCE)
          .until(
              () -> describe(find(bucket(ns).getStatus().getConditions(), "Ready")),
              ready -> ready.startsWith("False/BucketOperationFailed"));
      assertThat(revision(bucket(ns))).isEqualTo(r2);
      Kustomization k = stage.kustomization(ns, "settings");
      assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(r2);
      assertThat(describe(find(k.getStatus().getConditions(), "Ready")))
          .isEqualTo("True/ReconciliationSucceeded: Applied revision: " + r2);
      assertThat(configMap(ns, "settings").getData()).containsEntry("a", "2");
    } finally {
      S3.resume();
    }
  }

  private static Bucket bucket(String ns) {
    return stage.admin.resources(Bucket.class).inNamespace(ns).withName("manifests").get();
  }

  private static String revision(Bucket b) {
    return b.getStatus() == null || b.getStatus().getArtifact() == null
        ? null
        : b.getStatus().getArtifact().getRevision();
  }

  private static String awaitBucket(String ns, Predicate<Bucket> until) {
    Bucket b =
        await()
            .atMost(GitOpsStage.PATIENCE)
            .until(
                () -> bucket(ns),
                x ->
                    x != null
                        && x.getStatus() != null
                        && x.getStatus().getArtifact() != null
                        && describe(find(x.getStatus().getConditions(), "Ready"))
                            .startsWith("True/Succeeded")
                        && until.test(x));
    return b.getStatus().getArtifact().getRevision();
  }
}
