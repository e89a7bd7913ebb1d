package io.capstan.source.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.Bucket;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.s3.S3Request;
import io.capstan.testing.s3.S3Server;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run with {@code -Dcapstan.bench=true -Dtest=BucketBench}): one Bucket of N
 * objects (default 10,000, {@code -Dcapstan.bench.objects}) on the S3 fixture, the controller
 * in-process: create → Ready (first sync: list, download, archive), then a no-change reconcile
 * requested with {@code reconcile.fluxcd.io/requestedAt} → handled (list only, no object GET).
 * Prints lines prefixed {@code BENCH}.
 */
@WithKubernetes
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class BucketBench {

  @RegisterExtension static final S3Server S3 = S3Server.builder().build();

  @TempDir Path tmp;

  @Test
  void tenThousandObjects(KubernetesClient client, KubeNamespace namespace) throws Exception {
    int n = Integer.getInteger("capstan.bench.objects", 10_000);
    S3.createBucket("bench");
    long seedStart = System.nanoTime();
    S3.putObjects(
        "bench",
        IntStream.range(0, n)
            .boxed()
            .collect(
                Collectors.toMap(
                    i -> "apps/app" + (i % 100) + "/cm-" + i + ".yaml",
                    i ->
                        ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\n")
                            .getBytes(StandardCharsets.UTF_8))),
        16);
    System.out.printf("BENCH bucket seed objects=%d ms=%d%n", n, ms(seedStart));
    String ns = namespace.name();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3")
                .endMetadata()
                .withStringData(Map.of("accesskey", S3.accessKey(), "secretkey", S3.secretKey()))
                .build())
        .create();
    try (SourceController controller =
        SourceController.builder()
            .client(client)
            .options(
                SourceControllerOptions.builder()
                    .storagePath(Files.createDirectories(tmp.resolve("storage")))
                    .storageAddress("127.0.0.1:0")
                    .build())
            .build()
            .start()) {
      String yaml =
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: Bucket
          metadata:
            name: bench
          spec:
            interval: 1h
            timeout: 5m
            bucketName: bench
            endpoint: %s
            insecure: true
            secretRef:
              name: s3
          """
              .formatted(S3.endpoint());
      Bucket bucket =
          client
              .resources(Bucket.class)
              .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
              .item();
      bucket.getMetadata().setNamespace(ns);
      long created = System.nanoTime();
      client.resource(bucket).create();
      Bucket ready =
          await().atMost(Duration.ofMinutes(10)).until(() -> get(client, ns), BucketBench::ready);
      System.out.printf(
          "BENCH bucket first-sync objects=%d ms=%d artifactBytes=%d%n",
          n, ms(created), ready.getStatus().getArtifact().getSize());

      long gets = S3.requests().count(r -> r.isObjectGet() && !r.path().endsWith("/.sourceignore"));
      String requestedAt = Instant.now().toString();
      long requested = System.nanoTime();
      client
          .resources(Bucket.class)
          .inNamespace(ns)
          .withName("bench")
          .edit(
              b -> {
                b.getMetadata()
                    .getAnnotations()
                    .put("reconcile.fluxcd.io/requestedAt", requestedAt);
                return b;
              });
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> get(client, ns),
              b -> requestedAt.equals(b.getStatus().getLastHandledReconcileAt()) && ready(b));
      System.out.printf("BENCH bucket no-change-reconcile objects=%d ms=%d%n", n, ms(requested));
      assertThat(S3.requests().count(r -> r.isObjectGet() && !r.path().endsWith("/.sourceignore")))
          .as("object GETs during the no-change reconcile")
          .isEqualTo(gets);
      System.out.printf(
          "BENCH bucket s3-requests listings=%d objectGets=%d%n",
          S3.requests().count(S3Request::isListing), gets);
    }
  }

  private static Bucket get(KubernetesClient client, String ns) {
    return client.resources(Bucket.class).inNamespace(ns).withName("bench").get();
  }

  private static boolean ready(Bucket b) {
    return b != null
        && b.getStatus() != null
        && b.getStatus().getConditions() != null
        && b.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus() == Condition.Status.True);
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
