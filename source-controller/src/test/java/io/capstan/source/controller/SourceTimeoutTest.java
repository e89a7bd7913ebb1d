package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.capstan.testing.fault.FaultProxy;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.s3.S3Server;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.timeout} bounds the whole fetch of each source kind, as Flux's {@code
 * context.WithTimeout} around the clone, the pull and each bucket phase: a source behind
 * toolkit-testing's {@link FaultProxy} answers every single request well within the timeout but
 * needs longer than it for the whole fetch, so only a deadline over the whole operation fails it.
 * Each case then heals the proxy and checks the object recovers.
 */
@WithKubernetes
class SourceTimeoutTest {

  @RegisterExtension
  static final S3Server S3 = S3Server.builder().credentials("capstan-ak", "capstan-sk").build();

  @TempDir static Path root;
  static KubernetesClient admin;
  static SourceController controller;

  @BeforeAll
  static void start(KubernetesClient client) throws Exception {
    admin = client;
    controller =
        SourceController.builder()
            .client(client)
            .options(
                SourceControllerOptions.builder()
                    .storagePath(Files.createDirectories(root.resolve("storage")))
                    .storageAddress("127.0.0.1:0")
                    .concurrent(4)
                    .build())
            .ociMaxLayerSize(4 << 20)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (controller != null) {
      controller.close();
    }
  }

  /** Incompressible-enough text: base64 of random bytes. */
  static String noise(int bytes, long seed) {
    byte[] b = new byte[bytes];
    new Random(seed).nextBytes(b);
    return Base64.getMimeEncoder().encodeToString(b);
  }

  @Test
  @DisplayName(
      "GitRepository: a clone trickling at 16 KiB/s (each read well within the timeout) fails"
          + " after timeout: 2s with GitOperationFailed; healed, it is Ready")
  void gitCloneBoundedAsAWhole(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = TestGitRepository.create(root.resolve("git-" + ns.name()));
        GitHttpServer git = GitHttpServer.builder().start()) {
      repo.commit("main", "big", Map.of("big.txt", noise(200_000, 1), "app.yaml", "a: 1\n"));
      git.serve("big", repo.repository());
      try (FaultProxy proxy = FaultProxy.to(git.url("big"))) {
        proxy.bandwidth(16 * 1024);
        String url = proxy.rewrite(git.url("big")).toString();
        apply(
            ns.name(),
            GitRepository.class,
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: big\n"
                + "spec:\n  interval: 1h\n  timeout: 2s\n  url: "
                + url
                + "\n  ref:\n    branch: main\n");
        long begin = System.nanoTime();
        GitRepository failed =
            awaitCondition(ns.name(), GitRepository.class, "big", "FetchFailed", "True");
        Condition fetch = condition(failed, "FetchFailed").orElseThrow();
        assertThat(fetch.getReason()).isEqualTo("GitOperationFailed");
        assertThat(fetch.getMessage())
            .startsWith("failed to checkout and determine revision: ")
            .contains("timeout after 2s");
        assertThat(condition(failed, "Ready").orElseThrow().getStatus())
            .isEqualTo(Condition.Status.False);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));

        proxy.heal();
        requestReconcile(ns.name(), GitRepository.class, "big", "healed");
        awaitCondition(ns.name(), GitRepository.class, "big", "Ready", "True");
      }
    }
  }

  @Test
  @DisplayName(
      "OCIRepository: a layer trickling at 16 KiB/s after quick headers fails after timeout: 2s"
          + " with OCIArtifactPullFailed 'context deadline exceeded'; healed, it is Ready")
  void ociPullBoundedAsAWhole(KubeNamespace ns) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    try (OciRegistry registry = OciRegistry.builder().start()) {
      registry.pushArtifact("big", "v1", Map.of("big.txt", noise(200_000, 2)));
      try (FaultProxy proxy = FaultProxy.to(registry.baseUri())) {
        proxy.bandwidth(16 * 1024);
        apply(
            ns.name(),
            OCIRepository.class,
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: big\n"
                + "spec:\n  interval: 1h\n  timeout: 2s\n  insecure: true\n"
                + "  url: oci://127.0.0.1:"
                + proxy.port()
                + "/big\n  ref:\n    tag: v1\n");
        OCIRepository failed =
            awaitCondition(ns.name(), OCIRepository.class, "big", "FetchFailed", "True");
        Condition fetch = condition(failed, "FetchFailed").orElseThrow();
        assertThat(fetch.getReason()).isEqualTo("OCIArtifactPullFailed");
        assertThat(fetch.getMessage())
            .startsWith("failed to pull artifact from ")
            .endsWith("context deadline exceeded (timeout 2s)");
        assertThat(failed.getStatus().getArtifact()).isNull();

        proxy.heal();
        requestReconcile(ns.name(), OCIRepository.class, "big", "healed");
        OCIRepository ready =
            awaitCondition(ns.name(), OCIRepository.class, "big", "Ready", "True");
        assertThat(ready.getStatus().getArtifact().getRevision()).startsWith("v1@sha256:");
      }
    }
  }

  @Test
  @DisplayName(
      "Bucket: 700 ms latency per chunk (each S3 call ~1.5 s, under timeout: 2s) makes the"
          + " indexation as a whole exceed it: BucketOperationFailed 'context deadline exceeded';"
          + " healed, it is Ready")
  void bucketIndexBoundedAsAWhole(KubeNamespace ns) throws Exception {
    S3.createBucket("slow");
    S3.putObject("slow", "app.yaml", "a: 1\n".getBytes(StandardCharsets.UTF_8));
    admin
        .secrets()
        .inNamespace(ns.name())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3-creds")
                .endMetadata()
                .withStringData(Map.of("accesskey", S3.accessKey(), "secretkey", S3.secretKey()))
                .build())
        .create();
    try (FaultProxy proxy = FaultProxy.to(S3.url())) {
      proxy.latency(Duration.ofMillis(700));
      apply(
          ns.name(),
          Bucket.class,
          "apiVersion: source.toolkit.fluxcd.io/v1\nkind: Bucket\nmetadata:\n  name: slow\n"
              + "spec:\n  interval: 1h\n  timeout: 2s\n  provider: generic\n  insecure: true\n"
              + "  bucketName: slow\n  endpoint: 127.0.0.1:"
              + proxy.port()
              + "\n  secretRef:\n    name: s3-creds\n");
      Bucket failed = awaitCondition(ns.name(), Bucket.class, "slow", "FetchFailed", "True");
      Condition fetch = condition(failed, "FetchFailed").orElseThrow();
      assertThat(fetch.getReason()).isEqualTo("BucketOperationFailed");
      assertThat(fetch.getMessage()).endsWith("context deadline exceeded (timeout 2s)");

      proxy.heal();
      requestReconcile(ns.name(), Bucket.class, "slow", "healed");
      awaitCondition(ns.name(), Bucket.class, "slow", "Ready", "True");
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  static <T extends CustomResource<?, ?>> void apply(String ns, Class<T> kind, String yaml) {
    T object =
        admin
            .resources(kind)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    object.getMetadata().setNamespace(ns);
    admin.resource(object).create();
  }

  static <T extends CustomResource<?, ?>> void requestReconcile(
      String ns, Class<T> kind, String name, String value) {
    admin
        .resources(kind)
        .inNamespace(ns)
        .withName(name)
        // a merge patch without resourceVersion: the reconciler writes the object meanwhile
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                + value
                + "\"}}}");
  }

  static Optional<Condition> condition(CustomResource<?, ?> r, String type) {
    if (!(r.getStatus() instanceof FluxStatus status) || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static <T extends CustomResource<?, ?>> T awaitCondition(
      String ns, Class<T> kind, String name, String type, String status) {
    return await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> admin.resources(kind).inNamespace(ns).withName(name).get(),
            r ->
                r != null
                    && condition(r, type)
                        .map(c -> c.getStatus().toString().equals(status))
                        .orElse(false));
  }
}
