package io.capstan.source.controller;

import static io.capstan.source.controller.HelmChartHarness.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.s3.S3Server;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HelmCharts from a Bucket (a real S3 server, toolkit-testing's {@link S3Server}, reconciled by the
 * real Bucket controller): the chart is packaged from the bucket's artifact and follows its
 * revision with {@code reconcileStrategy: Revision}.
 */
@WithKubernetes
class HelmChartBucketTest {

  @RegisterExtension
  static final S3Server S3 = S3Server.builder().credentials("capstan-ak", "capstan-sk").build();

  @TempDir static Path root;
  static HelmChartHarness harness;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    harness = new HelmChartHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @DisplayName(
      "a chart in a Bucket is packaged; with Revision its version carries the bucket revision and follows changes")
  void chartFromBucket(KubeNamespace ns) throws Exception {
    String bucket = "charts-" + ns.name().replaceAll("[^a-z0-9]", "");
    S3.createBucket(bucket);
    S3.putObject(bucket, "app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.2.3\n");
    S3.putObject(bucket, "app/values.yaml", "x: 1\n");
    harness.secret(
        ns.name(), "s3", "Opaque", Map.of("accesskey", "capstan-ak", "secretkey", "capstan-sk"));
    harness.apply(
        Bucket.class,
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: Bucket\nmetadata:\n  name: b\nspec:\n"
            + "  interval: 1h\n  provider: generic\n  insecure: true\n  bucketName: "
            + bucket
            + "\n  endpoint: "
            + S3.endpoint()
            + "\n  secretRef:\n    name: s3\n");
    harness.chart(
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: app\n"
            + "spec:\n  interval: 1h\n  chart: ./app\n  reconcileStrategy: Revision\n"
            + "  sourceRef:\n    kind: Bucket\n    name: b\n");
    HelmChart c = harness.awaitReady(ns.name(), "app");
    String bucketRevision =
        harness
            .admin
            .resources(Bucket.class)
            .inNamespace(ns.name())
            .withName("b")
            .get()
            .getStatus()
            .getArtifact()
            .getRevision();
    String hex = bucketRevision.substring(bucketRevision.indexOf(':') + 1);
    assertThat(c.getStatus().getArtifact().getRevision())
        .isEqualTo("1.2.3+" + hex.substring(0, 12));
    assertThat(c.getStatus().getObservedSourceArtifactRevision()).isEqualTo(bucketRevision);
    assertThat(has(c, "Ready", Condition.Status.True, "ChartPackageSucceeded")).isTrue();
    assertThat(harness.files(c.getStatus().getArtifact()))
        .containsEntry("app/values.yaml", "x: 1\n");

    S3.putObject(bucket, "app/values.yaml", "x: 2\n");
    harness
        .admin
        .resources(Bucket.class)
        .inNamespace(ns.name())
        .withName("b")
        .edit(
            b -> {
              b.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "1"));
              return b;
            });
    HelmChart next =
        harness.awaitStatus(
            ns.name(),
            "app",
            h ->
                HelmChartHarness.ready(h)
                    && !h.getStatus().getObservedSourceArtifactRevision().equals(bucketRevision));
    HelmChartHarness.check(next);
    assertThat(next.getStatus().getArtifact().getRevision())
        .isNotEqualTo(c.getStatus().getArtifact().getRevision());
    assertThat(harness.files(next.getStatus().getArtifact()))
        .containsEntry("app/values.yaml", "x: 2\n");
  }
}
