package io.capstan.source.controller;

import static io.capstan.source.controller.OciHarness.condition;
import static io.capstan.source.controller.OciHarness.has;
import static io.capstan.source.controller.OciHarness.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.oci.Descriptor;
import io.capstan.oci.Manifest;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciReference;
import io.capstan.source.oci.CosignVerifier;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.PushedArtifact;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.verify} with cosign public keys against a real registry holding cosign-format
 * signatures ({@code sha256-<hex>.sig}, simple-signing payloads), signed here with test keys.
 */
@WithKubernetes
class OCIRepositoryVerifyTest {

  @TempDir static Path root;
  static OciHarness harness;
  static OciRegistry registry;
  static KeyPair trusted = CertificateAuthority.newEcKeyPair();
  static KeyPair other = CertificateAuthority.newEcKeyPair();

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    registry = OciRegistry.builder().start();
    harness = new OciHarness(admin, Files.createDirectories(root.resolve("storage")), 1 << 20);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Signs {@code digest} of {@code repo} the way {@code cosign sign --key} stores it. */
  static void sign(String repo, String digest, KeyPair key, String signedDigest) throws Exception {
    OciClient client = new OciClient(OciClientOptions.builder().insecure(true).build());
    OciReference ref = OciReference.parse(registry.host() + "/" + repo);
    byte[] payload =
        ("{\"critical\":{\"identity\":{\"docker-reference\":\""
                + registry.host()
                + "/"
                + repo
                + "\"},\"image\":{\"docker-manifest-digest\":\""
                + signedDigest
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}")
            .getBytes(StandardCharsets.UTF_8);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key.getPrivate());
    s.update(payload);
    String sig = Base64.getEncoder().encodeToString(s.sign());
    Descriptor layer = client.pushBlob(ref, CosignVerifier.PAYLOAD_TYPE, payload);
    Descriptor config =
        client.pushBlob(ref, "application/vnd.oci.image.config.v1+json", "{}".getBytes());
    Descriptor annotated =
        new Descriptor(
            layer.mediaType(),
            layer.digest(),
            layer.size(),
            Map.of(CosignVerifier.SIGNATURE_ANNOTATION, sig),
            null);
    client.pushManifest(
        ref.withTag(CosignVerifier.signatureTag(digest)),
        new Manifest(2, Manifest.OCI_MANIFEST, null, config, List.of(annotated), null, null, null));
  }

  static String verifySpec(String secret) {
    return "  ref:\n    tag: v1\n  verify:\n    provider: cosign\n    secretRef:\n      name: "
        + secret
        + "\n";
  }

  @Test
  @DisplayName("a signature by a trusted key: SourceVerified=True and the artifact is stored")
  void trustedSignature(KubeNamespace ns) throws Exception {
    PushedArtifact a = registry.pushArtifact("signed", "v1", Map.of("a.yaml", "signed"));
    sign("signed", a.digest(), trusted, a.digest());
    harness.secret(
        ns.name(),
        "cosign",
        "Opaque",
        Map.of("cosign.pub", CertificateAuthority.publicKeyPem(trusted)));
    harness.apply(ns.name(), yaml("signed", registry.url("signed"), verifySpec("cosign")));
    OCIRepository repo = harness.awaitReady(ns.name(), "signed");
    assertThat(has(repo, "SourceVerified", Condition.Status.True, "Succeeded")).isTrue();
    assertThat(condition(repo, "SourceVerified").orElseThrow().getMessage())
        .isEqualTo("verified signature of revision v1@" + a.digest());
  }

  @Test
  @DisplayName(
      "unsigned, signed by another key, or a signature for another digest: SourceVerified=False, nothing stored")
  void untrustedSignatures(KubeNamespace ns) throws Exception {
    PushedArtifact unsigned = registry.pushArtifact("unsigned", "v1", Map.of("a.yaml", "u"));
    PushedArtifact foreign = registry.pushArtifact("foreign", "v1", Map.of("a.yaml", "f"));
    sign("foreign", foreign.digest(), other, foreign.digest());
    PushedArtifact replay = registry.pushArtifact("replay", "v1", Map.of("a.yaml", "r"));
    sign("replay", replay.digest(), trusted, unsigned.digest());
    harness.secret(
        ns.name(),
        "cosign",
        "Opaque",
        Map.of("cosign.pub", CertificateAuthority.publicKeyPem(trusted)));
    for (String name : List.of("unsigned", "foreign", "replay")) {
      harness.apply(ns.name(), yaml(name, registry.url(name), verifySpec("cosign")));
    }
    for (String name : List.of("unsigned", "foreign", "replay")) {
      OCIRepository repo =
          harness.awaitStatus(
              ns.name(),
              name,
              r -> has(r, "SourceVerified", Condition.Status.False, "VerificationError"));
      OciHarness.check(repo);
      assertThat(has(repo, "Ready", Condition.Status.False, "VerificationError")).as(name).isTrue();
      assertThat(repo.getStatus().getArtifact()).as(name).isNull();
      assertThat(condition(repo, "SourceVerified").orElseThrow().getMessage())
          .startsWith("failed to verify the signature using provider 'cosign': ");
    }
    assertThat(harness.storage.resolve("ocirepository/" + ns.name())).doesNotExist();
  }

  @Test
  @DisplayName("notation and keyless cosign stall with a clear 'not supported yet' condition")
  void unsupportedVerification(KubeNamespace ns) {
    harness.apply(
        ns.name(),
        yaml(
            "notation",
            registry.url("x"),
            "  verify:\n    provider: notation\n    secretRef:\n      name: n\n"));
    harness.apply(
        ns.name(), yaml("keyless", registry.url("x"), "  verify:\n    provider: cosign\n"));
    for (String name : List.of("notation", "keyless")) {
      OCIRepository repo =
          harness.awaitStatus(
              ns.name(), name, r -> has(r, "Stalled", Condition.Status.True, "VerificationError"));
      OciHarness.check(repo);
      assertThat(condition(repo, "Ready").orElseThrow().getMessage()).contains("not supported yet");
    }
  }
}
