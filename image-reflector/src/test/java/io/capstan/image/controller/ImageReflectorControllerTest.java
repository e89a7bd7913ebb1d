package io.capstan.image.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.meta.Condition;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.PushedArtifact;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller against a real API server and real registries, objects created as YAML. */
@WithKubernetes
class ImageReflectorControllerTest {

  private static Optional<Condition> condition(java.util.List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static ImageRepository repository(String ns, String name, String image, String extra) {
    return TolerantSerialization.create()
        .unmarshal(
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImageRepository
            metadata: {name: %s, namespace: %s}
            spec:
              image: %s
              interval: 1m
              insecure: true
            %s
            """
                .formatted(name, ns, image, extra),
            ImageRepository.class);
  }

  private static ImagePolicy policy(String ns, String name, String repo, String spec) {
    return TolerantSerialization.create()
        .unmarshal(
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImagePolicy
            metadata: {name: %s, namespace: %s}
            spec:
              imageRepositoryRef: {name: %s}
            %s
            """
                .formatted(name, ns, repo, spec),
            ImagePolicy.class);
  }

  private static void awaitReadyReason(
      KubernetesClient client,
      Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> type,
      String ns,
      String name,
      String status,
      String reason) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var o = client.resources(type).inNamespace(ns).withName(name).get();
              assertThat(o).isNotNull();
              var st = (io.capstan.api.meta.FluxStatus) o.getStatus();
              assertThat(st).isNotNull();
              Condition ready = condition(st.getConditions(), "Ready").orElse(null);
              assertThat(ready).isNotNull();
              assertThat(ready.getStatus().name())
                  .as(ready.getReason() + ": " + ready.getMessage())
                  .isEqualTo(status);
              assertThat(ready.getReason()).isEqualTo(reason);
            });
  }

  @Test
  void scansSelectsAndFollowsNewTags(
      KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    String ns = namespace.name();
    try (OciRegistry registry = OciRegistry.builder().start();
        OciRegistry locked = OciRegistry.builder().basicAuth("flux", "s3cret").start();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(plane.clientConfig(ns))
                .withKubernetesSerialization(TolerantSerialization.create())
                .build();
        ImageReflectorController controller =
            ImageReflectorController.builder()
                .client(client)
                .options(
                    ImageReflectorOptions.builder()
                        .storagePath(storage)
                        .watchNamespaces(java.util.Set.of(ns))
                        .requeueDependency(Duration.ofSeconds(2))
                        .build())
                .build()) {
      for (String tag : new String[] {"1.0.0", "1.1.0", "2.0.0-rc.1", "sha256-x.sig", "main-7"}) {
        registry.pushArtifact("org/app", tag, Map.of("f", tag));
      }
      locked.pushArtifact("org/app", "1.0.0", Map.of("f", "x"));
      controller.start();

      String image = registry.host() + "/org/app";
      client.resource(repository(ns, "app", image, "")).create();
      client
          .resource(
              policy(
                  ns,
                  "semver",
                  "app",
                  "  policy: {semver: {range: '>=1.0.0'}}\n  digestReflectionPolicy: IfNotPresent"))
          .create();
      client
          .resource(
              policy(
                  ns,
                  "numeric",
                  "app",
                  "  policy: {numerical: {order: asc}}\n"
                      + "  filterTags: {pattern: '^main-(?P<n>\\d+)$', extract: '$n'}"))
          .create();
      client
          .resource(policy(ns, "badrange", "app", "  policy: {semver: {range: 'not-a-range!'}}"))
          .create();
      client
          .resource(policy(ns, "nomatch", "app", "  policy: {semver: {range: '>=9.0.0'}}"))
          .create();
      client.resource(policy(ns, "orphan", "missing", "  policy: {alphabetical: {}}")).create();

      awaitReadyReason(client, ImageRepository.class, ns, "app", "True", "Succeeded");
      ImageRepository repo =
          client.resources(ImageRepository.class).inNamespace(ns).withName("app").get();
      assertThat(repo.getStatus().getCanonicalImageName()).isEqualTo(image);
      assertThat(repo.getStatus().getLastScanResult().getTagCount()).isEqualTo(4);
      assertThat(repo.getStatus().getLastScanResult().getLatestTags())
          .containsExactly("main-7", "2.0.0-rc.1", "1.1.0", "1.0.0");
      assertThat(repo.getStatus().getObservedExclusionList()).containsExactly("^.*\\.sig$");
      String firstRevision = repo.getStatus().getLastScanResult().getRevision();

      PushedArtifact v110 =
          registry.pushArtifact("org/app", "1.1.0", Map.of("f", "1.1.0")); // same content again
      awaitReadyReason(client, ImagePolicy.class, ns, "semver", "True", "Succeeded");
      ImagePolicy semver =
          client.resources(ImagePolicy.class).inNamespace(ns).withName("semver").get();
      assertThat(semver.getStatus().getLatestRef().getName()).isEqualTo(image);
      assertThat(semver.getStatus().getLatestRef().getTag()).isEqualTo("1.1.0");
      assertThat(semver.getStatus().getLatestRef().getDigest()).isEqualTo(v110.digest());
      awaitReadyReason(client, ImagePolicy.class, ns, "numeric", "True", "Succeeded");
      assertThat(
              client
                  .resources(ImagePolicy.class)
                  .inNamespace(ns)
                  .withName("numeric")
                  .get()
                  .getStatus()
                  .getLatestRef()
                  .getTag())
          .isEqualTo("main-7");
      awaitReadyReason(client, ImagePolicy.class, ns, "badrange", "False", "InvalidPolicy");
      assertThat(
              condition(
                      client
                          .resources(ImagePolicy.class)
                          .inNamespace(ns)
                          .withName("badrange")
                          .get()
                          .getStatus()
                          .getConditions(),
                      "Stalled")
                  .map(c -> c.getStatus().name()))
          .contains("True");
      awaitReadyReason(client, ImagePolicy.class, ns, "nomatch", "False", "Failure");
      awaitReadyReason(client, ImagePolicy.class, ns, "orphan", "False", "DependencyNotReady");

      // a new tag: the repository rescans on request, the policy follows at once
      registry.pushArtifact("org/app", "1.2.0", Map.of("f", "1.2.0"));
      client
          .resources(ImageRepository.class)
          .inNamespace(ns)
          .withName("app")
          .edit(
              r -> {
                r.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "now-1"));
                return r;
              });
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                ImagePolicy p =
                    client.resources(ImagePolicy.class).inNamespace(ns).withName("semver").get();
                assertThat(p.getStatus().getLatestRef().getTag()).isEqualTo("1.2.0");
                assertThat(p.getStatus().getObservedPreviousRef().getTag()).isEqualTo("1.1.0");
              });
      assertThat(
              client
                  .resources(ImageRepository.class)
                  .inNamespace(ns)
                  .withName("app")
                  .get()
                  .getStatus()
                  .getLastScanResult()
                  .getRevision())
          .isNotEqualTo(firstRevision);

      // 401: wrong credentials in a dockerconfigjson Secret
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("creds")
                  .withNamespace(ns)
                  .endMetadata()
                  .withType("kubernetes.io/dockerconfigjson")
                  .withStringData(
                      Map.of(".dockerconfigjson", locked.dockerConfigJson("flux", "wrong")))
                  .build())
          .create();
      client
          .resource(
              repository(ns, "locked", locked.host() + "/org/app", "  secretRef: {name: creds}"))
          .create();
      awaitReadyReason(
          client, ImageRepository.class, ns, "locked", "False", "AuthenticationFailed");
      // registry down
      client.resource(repository(ns, "down", "127.0.0.1:1/org/app", "  timeout: 2s")).create();
      awaitReadyReason(client, ImageRepository.class, ns, "down", "False", "ReadOperationFailed");
      // cloud provider: stalls
      client.resource(repository(ns, "aws", image, "  provider: aws")).create();
      awaitReadyReason(client, ImageRepository.class, ns, "aws", "False", "FeatureNotSupported");
    }
  }

  @Test
  void certSecretRefClientCertificateForMutualTls(
      KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    String ns = namespace.name();
    CertificateAuthority ca = CertificateAuthority.create("registry-ca");
    IssuedCertificate puller = ca.issueClient("puller", null);
    IssuedCertificate other = ca.issueClient("other", null);
    try (OciRegistry registry = OciRegistry.builder().tls(ca).requireClientCertificates().start();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(plane.clientConfig(ns))
                .withKubernetesSerialization(TolerantSerialization.create())
                .build();
        ImageReflectorController controller =
            ImageReflectorController.builder()
                .client(client)
                .options(
                    ImageReflectorOptions.builder()
                        .storagePath(storage)
                        .watchNamespaces(java.util.Set.of(ns))
                        .build())
                .build()) {
      registry.pushArtifact("org/app", "1.0.0", Map.of("f", "1"));
      registry.pushArtifact("org/app", "1.1.0", Map.of("f", "2"));
      controller.start();
      String image = registry.host() + "/org/app";
      String caPem = ca.certificatePem();
      secret(
          client,
          ns,
          "mtls",
          Map.of(
              "ca.crt", caPem,
              "tls.crt", puller.certificatePem(),
              "tls.key", puller.privateKeyPem()));
      secret(client, ns, "ca-only", Map.of("ca.crt", caPem));
      secret(
          client,
          ns,
          "wrong-key",
          Map.of(
              "ca.crt", caPem,
              "tls.crt", puller.certificatePem(),
              "tls.key", other.privateKeyPem()));
      secret(client, ns, "half", Map.of("ca.crt", caPem, "tls.crt", puller.certificatePem()));

      client.resource(tlsRepository(ns, "mtls", image, "mtls")).create();
      awaitReadyReason(client, ImageRepository.class, ns, "mtls", "True", "Succeeded");
      assertThat(
              client
                  .resources(ImageRepository.class)
                  .inNamespace(ns)
                  .withName("mtls")
                  .get()
                  .getStatus()
                  .getLastScanResult()
                  .getTagCount())
          .isEqualTo(2);

      // No client certificate, or one whose key does not match: the handshake is refused.
      client.resource(tlsRepository(ns, "ca-only", image, "ca-only")).create();
      awaitReadyReason(
          client, ImageRepository.class, ns, "ca-only", "False", "ReadOperationFailed");
      client.resource(tlsRepository(ns, "wrong-key", image, "wrong-key")).create();
      awaitReadyReason(
          client, ImageRepository.class, ns, "wrong-key", "False", "ReadOperationFailed");
      // Half a pair never reaches the registry; the message names the keys, not their content.
      client.resource(tlsRepository(ns, "half", image, "half")).create();
      awaitReadyReason(client, ImageRepository.class, ns, "half", "False", "AuthenticationFailed");
      Condition ready =
          condition(
                  client
                      .resources(ImageRepository.class)
                      .inNamespace(ns)
                      .withName("half")
                      .get()
                      .getStatus()
                      .getConditions(),
                  "Ready")
              .orElseThrow();
      assertThat(ready.getMessage())
          .contains("'tls.crt' and 'tls.key' must be set together")
          .doesNotContain("BEGIN");
    }
  }

  private static void secret(
      KubernetesClient client, String ns, String name, Map<String, String> data) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  private static ImageRepository tlsRepository(String ns, String name, String image, String cert) {
    return TolerantSerialization.create()
        .unmarshal(
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImageRepository
            metadata: {name: %s, namespace: %s}
            spec:
              image: %s
              interval: 1m
              timeout: 10s
              certSecretRef: {name: %s}
            """
                .formatted(name, ns, image, cert),
            ImageRepository.class);
  }
}
