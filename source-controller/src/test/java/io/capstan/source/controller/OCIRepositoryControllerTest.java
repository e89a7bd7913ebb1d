package io.capstan.source.controller;

import static io.capstan.source.controller.OciHarness.condition;
import static io.capstan.source.controller.OciHarness.has;
import static io.capstan.source.controller.OciHarness.tlsYaml;
import static io.capstan.source.controller.OciHarness.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.PushedArtifact;
import io.capstan.testing.oci.RegistryRequest;
import io.capstan.testing.oci.TarGz;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real OCIRepository controller (embedding API) against a real API server and real registries
 * (CNCF Distribution on 127.0.0.1): references, no-change reconciles, auth, TLS, bad layers,
 * suspend, deletion.
 */
@WithKubernetes
class OCIRepositoryControllerTest {

  static final long MAX_LAYER = 64 * 1024;
  static final String FLUX_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";

  @TempDir static Path root;
  static OciHarness harness;
  static OciRegistry registry;
  static PushedArtifact v100;
  static PushedArtifact v110;
  static PushedArtifact v200rc;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    Assumptions.assumeTrue(
        OciRegistry.available(),
        "docker-registry is not installed (apt-get install docker-registry)");
    registry = OciRegistry.builder().start();
    v100 = registry.pushArtifact("app", "v1.0.0", Map.of("deploy/app.yaml", "v1.0.0"));
    v110 = registry.pushArtifact("app", "v1.1.0", Map.of("deploy/app.yaml", "v1.1.0"));
    v200rc = registry.pushArtifact("app", "v2.0.0-rc.1", Map.of("deploy/app.yaml", "v2-rc"));
    registry.pushArtifact("app", "latest", Map.of("deploy/app.yaml", "latest"));
    registry.pushArtifact("app", "1.5.0-stable", Map.of("deploy/app.yaml", "1.5-stable"));
    harness = new OciHarness(admin, Files.createDirectories(root.resolve("storage")), MAX_LAYER);
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

  static Stream<Arguments> references() {
    return Stream.of(
        Arguments.of("default-latest", "", "latest@", "latest"),
        Arguments.of("tag", "  ref:\n    tag: v1.0.0\n", "v1.0.0@", "v1.0.0"),
        Arguments.of("semver", "  ref:\n    semver: '>=1.0.0 <2.0.0'\n", "v1.1.0@", "v1.1.0"),
        Arguments.of(
            "semver-filter",
            "  ref:\n    semver: '>=1.0.0 <2.0.0'\n    semverFilter: '^v1[.]0'\n",
            "v1.0.0@",
            "v1.0.0"),
        Arguments.of("digest", "  ref:\n    digest: DIGEST\n    tag: v1.1.0\n", "", "v1.0.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  @DisplayName("tag, semver (+filter) and digest refs become artifacts with Flux's revision")
  void references(String name, String ref, String revisionPrefix, String content, KubeNamespace ns)
      throws Exception {
    harness.apply(ns.name(), yaml(name, registry.url("app"), ref.replace("DIGEST", v100.digest())));
    OCIRepository repo = harness.awaitReady(ns.name(), name);

    Artifact artifact = repo.getStatus().getArtifact();
    assertThat(artifact.getRevision()).startsWith(revisionPrefix).matches(".*sha256:[0-9a-f]{64}");
    String digest = artifact.getRevision().substring(revisionPrefix.length());
    assertThat(artifact.getPath())
        .isEqualTo(
            "ocirepository/" + ns.name() + "/" + name + "/" + digest.substring(7) + ".tar.gz");
    assertThat(artifact.getUrl()).endsWith("/" + artifact.getPath());
    assertThat(repo.getStatus().getUrl())
        .isEqualTo(
            artifact.getUrl().substring(0, artifact.getUrl().lastIndexOf('/') + 1)
                + "latest.tar.gz");
    assertThat(harness.files(artifact)).containsExactly(Map.entry("deploy/app.yaml", content));
    assertThat(harness.filesAtStatusUrl(repo))
        .containsExactly(Map.entry("deploy/app.yaml", content));
    assertThat(condition(repo, "ArtifactInStorage").orElseThrow().getMessage())
        .isEqualTo("stored artifact for digest '" + artifact.getRevision() + "'");
    assertThat(repo.getMetadata().getFinalizers()).contains("finalizers.fluxcd.io");
  }

  @Test
  @DisplayName(
      "a no-change reconcile is one HEAD (nothing downloaded); a new push is picked up at once on requestedAt")
  void noChangeThenNewPush(KubeNamespace ns) throws Exception {
    registry.pushArtifact("moving", "main", Map.of("a.yaml", "one"));
    harness.apply(ns.name(), yaml("moving", registry.url("moving"), "  ref:\n    tag: main\n"));
    String first = harness.awaitReady(ns.name(), "moving").getStatus().getArtifact().getRevision();

    registry.clearRequests();
    harness.requestReconcile(ns.name(), "moving", "again");
    OCIRepository same =
        harness.awaitStatus(
            ns.name(), "moving", r -> "again".equals(r.getStatus().getLastHandledReconcileAt()));
    OciHarness.check(same);
    assertThat(same.getStatus().getArtifact().getRevision()).isEqualTo(first);
    assertThat(registry.requests())
        .filteredOn(r -> r.uri().startsWith("/v2/moving/"))
        .extracting(RegistryRequest::method)
        .containsOnly("HEAD");
    assertThat(registry.requests())
        .filteredOn(r -> r.uri().startsWith("/v2/moving/"))
        .noneMatch(RegistryRequest::isBlobDownload);

    PushedArtifact two = registry.pushArtifact("moving", "main", Map.of("a.yaml", "two"));
    harness.requestReconcile(ns.name(), "moving", "pushed");
    OCIRepository updated =
        harness.awaitStatus(
            ns.name(),
            "moving",
            r ->
                "pushed".equals(r.getStatus().getLastHandledReconcileAt())
                    && OciHarness.ready(r)
                    && r.getStatus().getArtifact().getRevision().equals("main@" + two.digest()));
    OciHarness.check(updated);
    assertThat(harness.files(updated.getStatus().getArtifact())).containsEntry("a.yaml", "two");
    assertThat(updated.getStatus().getUrl()).isEqualTo(same.getStatus().getUrl());
    assertThat(harness.filesAtStatusUrl(updated)).containsEntry("a.yaml", "two");
  }

  @Test
  @DisplayName("ignore and layerSelector (mediaType + copy) are applied and observed")
  void ignoreAndLayerSelector(KubeNamespace ns) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("deploy/app.yaml", "kind: A");
    files.put("README.md", "docs");
    registry.pushArtifact("ign", "v1", files);
    harness.apply(
        ns.name(),
        yaml("ign", registry.url("ign"), "  ref:\n    tag: v1\n  ignore: |\n    *.md\n"));
    OCIRepository ignored = harness.awaitReady(ns.name(), "ign");
    assertThat(harness.files(ignored.getStatus().getArtifact()))
        .containsOnlyKeys("deploy/app.yaml");
    assertThat(ignored.getStatus().getObservedIgnore()).isEqualTo("*.md\n");

    byte[] layer = TarGz.of(Map.of("x.yaml", "copied"));
    PushedArtifact custom =
        registry.push(
            "custom", "v1", "application/vnd.example.config.v1.tar+gzip", layer, Map.of());
    harness.apply(
        ns.name(),
        yaml(
            "copy",
            registry.url("custom"),
            "  ref:\n    tag: v1\n  layerSelector:\n"
                + "    mediaType: application/vnd.example.config.v1.tar+gzip\n"
                + "    operation: copy\n"));
    OCIRepository copied = harness.awaitReady(ns.name(), "copy");
    assertThat(copied.getStatus().getArtifact().getDigest()).isEqualTo(custom.layerDigest());
    assertThat(copied.getStatus().getObservedLayerSelector().getOperation().name())
        .isEqualTo("copy");
    assertThat(harness.files(copied.getStatus().getArtifact())).containsEntry("x.yaml", "copied");

    harness.apply(
        ns.name(),
        yaml(
            "wrong-type",
            registry.url("custom"),
            "  ref:\n    tag: v1\n  layerSelector:\n    mediaType: " + FLUX_TYPE + "\n"));
    OCIRepository wrong =
        harness.awaitStatus(
            ns.name(),
            "wrong-type",
            r -> has(r, "Ready", Condition.Status.False, "OCIArtifactLayerOperationFailed"));
    OciHarness.check(wrong);
    assertThat(condition(wrong, "FetchFailed").orElseThrow().getMessage())
        .isEqualTo("failed to find layer with media type '" + FLUX_TYPE + "' in OCI artifact");
  }

  @Test
  @DisplayName(
      "a layer with ../ paths or over the size limit: Ready=False OCIArtifactLayerOperationFailed, previous artifact kept")
  void badLayersKeepPreviousArtifact(KubeNamespace ns) throws Exception {
    registry.pushArtifact("bad", "main", Map.of("ok.yaml", "good"));
    harness.apply(ns.name(), yaml("bad", registry.url("bad"), "  ref:\n    tag: main\n"));
    Artifact good = harness.awaitReady(ns.name(), "bad").getStatus().getArtifact();

    registry.push("bad", "main", FLUX_TYPE, TarGz.of(Map.of("../escape.yaml", "evil")), Map.of());
    harness.requestReconcile(ns.name(), "bad", "traversal");
    OCIRepository traversal =
        harness.awaitStatus(
            ns.name(),
            "bad",
            r ->
                "traversal".equals(r.getStatus().getLastHandledReconcileAt())
                    && has(r, "Ready", Condition.Status.False, "OCIArtifactLayerOperationFailed"));
    OciHarness.check(traversal);
    assertThat(condition(traversal, "FetchFailed").orElseThrow().getMessage())
        .startsWith(
            "failed to extract layer contents from artifact: unsafe archive (PATH_TRAVERSAL)");
    assertThat(traversal.getStatus().getArtifact().hasSameContent(good)).isTrue();
    assertThat(harness.files(traversal.getStatus().getArtifact())).containsEntry("ok.yaml", "good");
    assertThat(root.resolve("escape.yaml")).doesNotExist();

    String big = "x".repeat((int) MAX_LAYER * 2);
    registry.push("bad", "main", FLUX_TYPE, TarGz.of(Map.of("big.yaml", big)), Map.of());
    harness.requestReconcile(ns.name(), "bad", "oversized");
    OCIRepository oversized =
        harness.awaitStatus(
            ns.name(),
            "bad",
            r ->
                "oversized".equals(r.getStatus().getLastHandledReconcileAt())
                    && has(r, "Ready", Condition.Status.False, "OCIArtifactLayerOperationFailed"));
    assertThat(condition(oversized, "FetchFailed").orElseThrow().getMessage())
        .contains("SIZE_LIMIT");
    assertThat(oversized.getStatus().getArtifact().hasSameContent(good)).isTrue();
  }

  @Test
  @DisplayName(
      "registry down: Ready=False OCIArtifactPullFailed with the artifact kept; recovers when it is back")
  void registryDown(KubeNamespace ns) throws Exception {
    try (OciRegistry flaky = OciRegistry.builder().start()) {
      flaky.pushArtifact("app", "v1", Map.of("a.yaml", "1"));
      harness.apply(ns.name(), yaml("flaky", flaky.url("app"), "  ref:\n    tag: v1\n"));
      Artifact before = harness.awaitReady(ns.name(), "flaky").getStatus().getArtifact();

      flaky.stop();
      harness.requestReconcile(ns.name(), "flaky", "down");
      OCIRepository down =
          harness.awaitStatus(
              ns.name(),
              "flaky",
              r ->
                  "down".equals(r.getStatus().getLastHandledReconcileAt())
                      && has(r, "FetchFailed", Condition.Status.True, "OCIArtifactPullFailed"));
      OciHarness.check(down);
      assertThat(has(down, "Ready", Condition.Status.False, "OCIArtifactPullFailed")).isTrue();
      assertThat(condition(down, "FetchFailed").orElseThrow().getMessage())
          .startsWith("failed to determine artifact digest: ")
          .contains(flaky.host());
      assertThat(down.getStatus().getArtifact().hasSameContent(before)).isTrue();

      flaky.restart();
      harness.requestReconcile(ns.name(), "flaky", "back");
      OCIRepository back =
          harness.awaitStatus(
              ns.name(),
              "flaky",
              r -> "back".equals(r.getStatus().getLastHandledReconcileAt()) && OciHarness.ready(r));
      assertThat(condition(back, "FetchFailed")).isEmpty();
    }
  }

  @Test
  @DisplayName("suspend stops reconciling, even on requestedAt; deletion removes every artifact")
  void suspendAndDelete(KubeNamespace ns) throws Exception {
    registry.pushArtifact("susp", "main", Map.of("a.yaml", "1"));
    harness.apply(ns.name(), yaml("susp", registry.url("susp"), "  ref:\n    tag: main\n"));
    Artifact first = harness.awaitReady(ns.name(), "susp").getStatus().getArtifact();
    harness.edit(
        ns.name(),
        "susp",
        r -> {
          r.getSpec().setSuspend(true);
          return r;
        });
    registry.pushArtifact("susp", "main", Map.of("a.yaml", "2"));
    harness.requestReconcile(ns.name(), "susp", "while-suspended");
    Thread.sleep(2_000);
    OCIRepository suspended = harness.get(ns.name(), "susp");
    assertThat(suspended.getStatus().getArtifact().getRevision()).isEqualTo(first.getRevision());
    assertThat(suspended.getStatus().getLastHandledReconcileAt()).isNotEqualTo("while-suspended");

    Path dir = harness.storage.resolve("ocirepository/" + ns.name() + "/susp");
    assertThat(dir).isDirectory();
    harness.admin.resources(OCIRepository.class).inNamespace(ns.name()).withName("susp").delete();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> harness.get(ns.name(), "susp") == null && !Files.exists(dir));
  }

  @Test
  @DisplayName(
      "proxySecretRef: every registry request goes through the proxy, with its credentials")
  void proxy(KubeNamespace ns) throws Exception {
    registry.pushArtifact("proxied", "v1", Map.of("a.yaml", "via proxy"));
    try (ForwardProxy proxy = new ForwardProxy("proxy-user", "proxy-pw")) {
      harness.secret(
          ns.name(),
          "proxy",
          "Opaque",
          Map.of("address", proxy.address(), "username", "proxy-user", "password", "proxy-pw"));
      harness.apply(
          ns.name(),
          yaml(
              "proxied",
              registry.url("proxied"),
              "  ref:\n    tag: v1\n  proxySecretRef:\n    name: proxy\n"));
      OCIRepository repo = harness.awaitReady(ns.name(), "proxied");
      assertThat(harness.files(repo.getStatus().getArtifact()))
          .containsEntry("a.yaml", "via proxy");
      assertThat(proxy.forwarded)
          .anyMatch(
              r -> r.startsWith("HEAD http://" + registry.host() + "/v2/proxied/manifests/v1"))
          .anyMatch(r -> r.startsWith("GET http://" + registry.host() + "/v2/proxied/blobs/"));
    }
  }

  @Test
  @DisplayName("a cloud provider stalls with a clear 'not supported yet' condition")
  void cloudProviderStalls(KubeNamespace ns) {
    harness.apply(ns.name(), yaml("aws", registry.url("app"), "  provider: aws\n"));
    OCIRepository aws =
        harness.awaitStatus(
            ns.name(),
            "aws",
            r -> has(r, "Stalled", Condition.Status.True, "InvalidProviderConfiguration"));
    OciHarness.check(aws);
    assertThat(condition(aws, "Ready").orElseThrow().getMessage())
        .contains("provider 'aws' is not supported yet");
  }

  @Test
  @DisplayName(
      "basic auth and token auth pull with a dockerconfigjson Secret; a wrong password is AuthenticationFailed")
  void basicAndTokenAuth(KubeNamespace ns) throws Exception {
    try (OciRegistry basic = OciRegistry.builder().basicAuth("flux", "s3cret-pw").start();
        OciRegistry token = OciRegistry.builder().tokenAuth("ci", "t0ken-pw").start()) {
      basic.pushArtifact("app", "v1", Map.of("a.yaml", "basic"));
      token.pushArtifact("app", "v1", Map.of("a.yaml", "token"));
      String type = "kubernetes.io/dockerconfigjson";
      harness.secret(
          ns.name(),
          "basic",
          type,
          Map.of(".dockerconfigjson", basic.dockerConfigJson("flux", "s3cret-pw")));
      harness.secret(
          ns.name(),
          "token",
          type,
          Map.of(".dockerconfigjson", token.dockerConfigJson("ci", "t0ken-pw")));
      harness.secret(
          ns.name(),
          "wrong",
          type,
          Map.of(".dockerconfigjson", basic.dockerConfigJson("flux", "wr0ng-pw")));
      String ref = "  ref:\n    tag: v1\n  secretRef:\n    name: ";
      harness.apply(ns.name(), yaml("basic", basic.url("app"), ref + "basic\n"));
      harness.apply(ns.name(), yaml("token", token.url("app"), ref + "token\n"));
      harness.apply(ns.name(), yaml("wrong", basic.url("app"), ref + "wrong\n"));
      harness.apply(ns.name(), yaml("anonymous", basic.url("app"), "  ref:\n    tag: v1\n"));

      assertThat(harness.files(harness.awaitReady(ns.name(), "basic").getStatus().getArtifact()))
          .containsEntry("a.yaml", "basic");
      assertThat(harness.files(harness.awaitReady(ns.name(), "token").getStatus().getArtifact()))
          .containsEntry("a.yaml", "token");
      assertThat(token.tokensIssued()).isGreaterThanOrEqualTo(1);
      for (String name : new String[] {"wrong", "anonymous"}) {
        OCIRepository denied =
            harness.awaitStatus(
                ns.name(),
                name,
                r -> has(r, "FetchFailed", Condition.Status.True, "AuthenticationFailed"));
        OciHarness.check(denied);
        assertThat(has(denied, "Ready", Condition.Status.False, "AuthenticationFailed")).isTrue();
        assertThat(denied.getStatus().getArtifact()).isNull();
        assertThat(denied.getStatus().toString())
            .doesNotContain("wr0ng-pw")
            .doesNotContain("s3cret-pw");
      }
      harness
          .admin
          .serviceAccounts()
          .inNamespace(ns.name())
          .resource(
              new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("puller")
                  .endMetadata()
                  .addNewImagePullSecret("basic")
                  .build())
          .create();
      harness.apply(
          ns.name(),
          yaml("via-sa", basic.url("app"), "  ref:\n    tag: v1\n  serviceAccountName: puller\n"));
      assertThat(harness.files(harness.awaitReady(ns.name(), "via-sa").getStatus().getArtifact()))
          .containsEntry("a.yaml", "basic");

      harness.apply(ns.name(), yaml("missing", basic.url("app"), ref + "absent\n"));
      OCIRepository missing =
          harness.awaitStatus(
              ns.name(),
              "missing",
              r -> has(r, "FetchFailed", Condition.Status.True, "AuthenticationFailed"));
      assertThat(condition(missing, "FetchFailed").orElseThrow().getMessage())
          .isEqualTo(
              "failed to get credential: failed to get secret '"
                  + ns.name()
                  + "/absent': secrets \"absent\" not found");
    }
  }

  @Test
  @DisplayName(
      "TLS: certSecretRef's ca.crt (and client pair) is trusted; without it the pull fails")
  void tls(KubeNamespace ns) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("oci-ca");
    try (OciRegistry secure = OciRegistry.builder().tls(ca).requireClientCertificates().start()) {
      secure.pushArtifact("app", "v1", Map.of("a.yaml", "tls"));
      var client = ca.issueClient("source-controller", null);
      harness.secret(
          ns.name(),
          "certs",
          "Opaque",
          Map.of(
              "ca.crt", ca.certificatePem(),
              "tls.crt", client.certificatePem(),
              "tls.key", client.privateKeyPem()));
      harness.apply(
          ns.name(),
          tlsYaml(
              "tls",
              secure.url("app"),
              "  ref:\n    tag: v1\n  certSecretRef:\n    name: certs\n"));
      harness.apply(ns.name(), tlsYaml("untrusted", secure.url("app"), "  ref:\n    tag: v1\n"));
      assertThat(harness.files(harness.awaitReady(ns.name(), "tls").getStatus().getArtifact()))
          .containsEntry("a.yaml", "tls");
      OCIRepository untrusted =
          harness.awaitStatus(
              ns.name(),
              "untrusted",
              r -> has(r, "FetchFailed", Condition.Status.True, "OCIArtifactPullFailed"));
      OciHarness.check(untrusted);
      assertThat(condition(untrusted, "FetchFailed").orElseThrow().getMessage()).contains("TLS");
    }
  }
}
