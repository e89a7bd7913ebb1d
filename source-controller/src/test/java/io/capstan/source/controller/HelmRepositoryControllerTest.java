package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import io.capstan.source.SourceController;
import io.capstan.source.helm.ChartRepositoryIndex;
import io.capstan.source.helm.HelmSettings;
import io.capstan.source.helm.IndexJson;
import io.capstan.testing.helm.ChartRepositoryRequest;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real HelmRepository controller (through {@link SourceController}) against the real API server
 * and real chart repositories on 127.0.0.1 (toolkit-testing's {@link ChartRepositoryServer}),
 * driven as a user would: YAML in, status and artifacts out.
 */
@WithKubernetes
class HelmRepositoryControllerTest {

  static final long INDEX_MAX_SIZE = 64 * 1024;

  @TempDir static Path root;
  static SourceHarness<HelmRepository> harness;
  static KubernetesClient admin;
  static SourceController controller;
  static Path storage;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(KubernetesClient client) throws Exception {
    harness =
        new SourceHarness<>(
            client,
            Files.createDirectories(root.resolve("storage")),
            HelmRepository.class,
            Duration.ofSeconds(45),
            b ->
                b.helm(
                    new HelmSettings(
                        INDEX_MAX_SIZE,
                        1024 * 1024,
                        1024 * 1024,
                        10,
                        Duration.ofMinutes(15),
                        Duration.ofMinutes(1))),
            UnaryOperator.identity()) {};
    admin = harness.admin;
    controller = harness.controller;
    storage = harness.storage;
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @DisplayName(
      "plain HTTP: the index is stored as Flux's artifact and served; a published version gives a"
          + " new revision at the next requestedAt; an unchanged index is not stored again")
  void plainHttpAndNewVersion(KubeNamespace ns) throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("podinfo", "6.5.0");
      apply(ns.name(), yaml("plain", repo.url(), ""));
      HelmRepository ready = awaitReady(ns.name(), "plain");
      Artifact first = ready.getStatus().getArtifact();
      String hex = sha256(repo.index());
      assertThat(first.getRevision()).isEqualTo("sha256:" + hex);
      // Flux stores the loaded index as JSON: the digest is that file's, not the revision
      byte[] stored = IndexJson.toJson(new java.io.ByteArrayInputStream(repo.index()));
      assertThat(new String(stored, java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("{\n  \"apiVersion\": \"v1\",\n");
      assertThat(first.getDigest()).isEqualTo("sha256:" + sha256(stored));
      assertThat(first.getSize()).isEqualTo((long) stored.length);
      assertThat(first.getPath())
          .isEqualTo("helmrepository/" + ns.name() + "/plain/index-" + hex + ".yaml");
      // status.url is Flux's stable link, index.yaml beside the artifact, and serves it
      assertThat(ready.getStatus().getUrl())
          .isEqualTo(
              first.getUrl().substring(0, first.getUrl().lastIndexOf('/') + 1) + "index.yaml");
      assertThat(download(first)).isEqualTo(stored);
      assertThat(
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(ready.getStatus().getUrl())).build(),
                      HttpResponse.BodyHandlers.ofByteArray())
                  .body())
          .isEqualTo(stored);
      ChartRepositoryIndex cached = controller.helmIndexCache().get(first.getPath());
      assertThat(cached).isNotNull();
      assertThat(cached.select("podinfo", "*").version()).isEqualTo("6.5.0");

      // Unchanged upstream: a requested reconcile keeps the artifact.
      requestReconcile(ns.name(), "plain", "same");
      HelmRepository same = awaitStatus(ns.name(), "plain", handled("same"));
      assertThat(same.getStatus().getArtifact().getRevision()).isEqualTo(first.getRevision());
      assertThat(same.getStatus().getArtifact().getLastUpdateTime())
          .isEqualTo(first.getLastUpdateTime());

      repo.publish("podinfo", "6.6.0");
      requestReconcile(ns.name(), "plain", "new-version");
      HelmRepository updated =
          awaitStatus(ns.name(), "plain", r -> handled("new-version").test(r) && ready(r));
      check(updated);
      assertThat(updated.getStatus().getArtifact().getRevision())
          .isEqualTo("sha256:" + sha256(repo.index()))
          .isNotEqualTo(first.getRevision());
      assertThat(condition(updated, "ArtifactOutdated")).isEmpty();
      assertThat(
              ChartRepositoryIndex.parse(download(updated.getStatus().getArtifact()))
                  .select("podinfo", "*")
                  .version())
          .isEqualTo("6.6.0");
      assertThat(repo.requests()).allMatch(ChartRepositoryRequest::isIndex);
    }
  }

  @Test
  @DisplayName(
      "basic auth from secretRef; a wrong password is FetchFailed with the 401, never the password")
  void basicAuth(KubeNamespace ns) throws Exception {
    try (ChartRepositoryServer repo =
        ChartRepositoryServer.builder().basicAuth("helm-user", "helm-pass-123").start()) {
      repo.publish("app", "1.0.0");
      secret(ns.name(), "creds", Map.of("username", "helm-user", "password", "helm-pass-123"));
      apply(ns.name(), yaml("auth", repo.url(), "  secretRef:\n    name: creds\n"));
      awaitReady(ns.name(), "auth");
      assertThat(repo.requests()).allMatch(r -> "helm-user".equals(r.user()) && r.authorized());

      secret(ns.name(), "wrong", Map.of("username", "helm-user", "password", "not-the-pass"));
      apply(ns.name(), yaml("wrong", repo.url(), "  secretRef:\n    name: wrong\n"));
      HelmRepository wrong =
          awaitStatus(
              ns.name(), "wrong", r -> has(r, "FetchFailed", Condition.Status.True, "Failed"));
      String message = condition(wrong, "Ready").orElseThrow().getMessage();
      assertThat(message)
          .isEqualTo(
              "failed to fetch Helm repository index: failed to fetch "
                  + repo.url()
                  + "/index.yaml : 401 Unauthorized")
          .doesNotContain("not-the-pass");
      assertThat(condition(wrong, "Ready").orElseThrow().getStatus())
          .isEqualTo(Condition.Status.False);
      check(wrong);

      apply(ns.name(), yaml("nosecret", repo.url(), "  secretRef:\n    name: absent\n"));
      HelmRepository missing =
          awaitStatus(
              ns.name(),
              "nosecret",
              r -> has(r, "FetchFailed", Condition.Status.True, "AuthenticationFailed"));
      assertThat(condition(missing, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "failed to get authentication secret '"
                  + ns.name()
                  + "/absent': secrets \"absent\" not found");
      check(missing);
    }
  }

  @Test
  @DisplayName("mutual TLS from certSecretRef; without the client certificate the fetch fails")
  void mutualTls(KubeNamespace ns) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("helm-repo-ca");
    IssuedCertificate client = ca.issueClient("source-controller", "flux");
    try (ChartRepositoryServer repo =
        ChartRepositoryServer.builder().https(ca).requireClientCertificate().start()) {
      repo.publish("secure", "0.1.0");
      secret(
          ns.name(),
          "tls",
          Map.of(
              "ca.crt", ca.certificatePem(),
              "tls.crt", client.certificatePem(),
              "tls.key", client.privateKeyPem()));
      apply(ns.name(), yaml("mtls", repo.url(), "  certSecretRef:\n    name: tls\n"));
      HelmRepository ready = awaitReady(ns.name(), "mtls");
      assertThat(download(ready.getStatus().getArtifact())).isEqualTo(stored(repo.index()));

      secret(ns.name(), "ca-only", Map.of("ca.crt", ca.certificatePem()));
      apply(ns.name(), yaml("nocert", repo.url(), "  certSecretRef:\n    name: ca-only\n"));
      HelmRepository refused =
          awaitStatus(
              ns.name(), "nocert", r -> has(r, "FetchFailed", Condition.Status.True, "Failed"));
      assertThat(condition(refused, "Ready").orElseThrow().getMessage())
          .startsWith("failed to fetch Helm repository index: failed to fetch " + repo.url());
      check(refused);
    }
  }

  @Test
  @DisplayName(
      "garbage and oversized indexes fail (IndexationFailed / Failed) and keep serving the last"
          + " good artifact; an unreachable repository is FetchFailed")
  void badIndexKeepsArtifact(KubeNamespace ns) throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("app", "1.0.0");
      apply(ns.name(), yaml("bad", repo.url(), ""));
      Artifact good = awaitReady(ns.name(), "bad").getStatus().getArtifact();
      byte[] goodIndex = stored(repo.index());

      repo.serveIndex("<html>this is not an index".getBytes(StandardCharsets.UTF_8));
      requestReconcile(ns.name(), "bad", "garbage");
      HelmRepository garbage =
          awaitStatus(
              ns.name(),
              "bad",
              r ->
                  handled("garbage").test(r)
                      && has(r, "FetchFailed", Condition.Status.True, "IndexationFailed"));
      assertThat(condition(garbage, "Ready").orElseThrow().getMessage())
          .startsWith("failed to load Helm repository from index YAML: ");
      assertThat(garbage.getStatus().getArtifact().getRevision()).isEqualTo(good.getRevision());
      assertThat(download(garbage.getStatus().getArtifact())).isEqualTo(goodIndex);
      check(garbage);

      repo.serveIndex(null);
      repo.fill(20, 20, 600);
      assertThat(repo.index().length).isGreaterThan((int) INDEX_MAX_SIZE);
      requestReconcile(ns.name(), "bad", "too-big");
      HelmRepository big =
          awaitStatus(
              ns.name(),
              "bad",
              r ->
                  handled("too-big").test(r)
                      && has(r, "FetchFailed", Condition.Status.True, "Failed"));
      assertThat(condition(big, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "failed to fetch Helm repository index: index exceeds the maximum index file size of "
                  + INDEX_MAX_SIZE
                  + " bytes");
      assertThat(download(big.getStatus().getArtifact())).isEqualTo(goodIndex);
      check(big);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    apply(ns.name(), yaml("down", "http://127.0.0.1:" + port, ""));
    HelmRepository down =
        awaitStatus(ns.name(), "down", r -> has(r, "FetchFailed", Condition.Status.True, "Failed"));
    assertThat(condition(down, "Ready").orElseThrow().getMessage())
        .startsWith(
            "failed to fetch Helm repository index: failed to fetch http://127.0.0.1:"
                + port
                + "/index.yaml: ");
    assertThat(down.getStatus().getArtifact()).isNull();
    check(down);
  }

  @Test
  @DisplayName(
      "suspend stops reconciling, even on requestedAt; resume picks up; deletion removes artifacts")
  void suspendResumeDelete(KubeNamespace ns) throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("app", "1.0.0");
      apply(ns.name(), yaml("susp", repo.url(), ""));
      Artifact first = awaitReady(ns.name(), "susp").getStatus().getArtifact();
      edit(
          ns.name(),
          "susp",
          r -> {
            r.getSpec().setSuspend(true);
            return r;
          });
      repo.publish("app", "2.0.0");
      requestReconcile(ns.name(), "susp", "while-suspended");
      Thread.sleep(2_000);
      HelmRepository suspended = get(ns.name(), "susp");
      assertThat(suspended.getStatus().getArtifact().getRevision()).isEqualTo(first.getRevision());
      assertThat(suspended.getStatus().getLastHandledReconcileAt()).isNotEqualTo("while-suspended");

      edit(
          ns.name(),
          "susp",
          r -> {
            r.getSpec().setSuspend(false);
            return r;
          });
      String latest = "sha256:" + sha256(repo.index());
      HelmRepository resumed =
          awaitStatus(
              ns.name(),
              "susp",
              r -> ready(r) && r.getStatus().getArtifact().getRevision().equals(latest));
      check(resumed);

      Path dir = storage.resolve("helmrepository/" + ns.name() + "/susp");
      assertThat(dir).isDirectory();
      admin.resources(HelmRepository.class).inNamespace(ns.name()).withName("susp").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(ns.name(), "susp") == null && !Files.exists(dir));
    }
  }

  @Test
  @DisplayName(
      "type oci is static as in Flux (no finalizer, no status); a cloud provider stalls as not"
          + " supported; an oci:// URL with type default stalls with URLInvalid")
  void ociAndInvalidUrl(KubeNamespace ns) throws Exception {
    apply(
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: ocirepo\n"
            + "spec:\n  type: oci\n  url: oci://ghcr.io/stefanprodan/charts\n  interval: 1h\n");
    apply(
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: ociaws\n"
            + "spec:\n  type: oci\n  provider: aws\n  url: oci://123.dkr.ecr.us-east-1.amazonaws.com/charts\n"
            + "  interval: 1h\n");
    apply(ns.name(), yaml("ociurl", "oci://ghcr.io/stefanprodan/charts", ""));

    HelmRepository aws =
        awaitStatus(
            ns.name(),
            "ociaws",
            r -> has(r, "Stalled", Condition.Status.True, "InvalidProviderConfiguration"));
    assertThat(condition(aws, "Ready").orElseThrow().getMessage())
        .isEqualTo(
            "provider 'aws' is not supported yet for HelmRepository type 'oci' (supported: generic)");
    check(aws);

    HelmRepository url =
        awaitStatus(
            ns.name(), "ociurl", r -> has(r, "Stalled", Condition.Status.True, "URLInvalid"));
    assertThat(condition(url, "FetchFailed").orElseThrow().getMessage())
        .isEqualTo(
            "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default'"
                + " HelmRepository type");
    check(url);

    // Switching the cloud provider to generic makes the object static: finalizer and status go.
    edit(
        ns.name(),
        "ociaws",
        r -> {
          r.getSpec().setProvider(io.capstan.api.source.v1.OCIProvider.generic);
          return r;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HelmRepository r = get(ns.name(), "ociaws");
              return r.getMetadata().getFinalizers().isEmpty()
                  && (r.getStatus() == null || r.getStatus().getConditions() == null);
            });
    HelmRepository plain = get(ns.name(), "ocirepo");
    assertThat(plain.getMetadata().getFinalizers()).isEmpty();
    assertThat(plain.getStatus() == null || plain.getStatus().getConditions() == null).isTrue();
  }

  @Test
  @DisplayName(
      "transient 503s are retried within one reconcile; switching to type oci removes the"
          + " artifacts, the finalizer and the status")
  void retriesAndSwitchToOci(KubeNamespace ns) throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("app", "1.0.0");
      repo.failNext(2, 503);
      apply(ns.name(), yaml("flaky", repo.url(), ""));
      HelmRepository ready = awaitReady(ns.name(), "flaky");
      assertThat(repo.requests())
          .extracting(ChartRepositoryRequest::status)
          .startsWith(503, 503, 200);
      assertThat(condition(ready, "FetchFailed")).isEmpty();

      Path dir = storage.resolve("helmrepository/" + ns.name() + "/flaky");
      assertThat(dir).isDirectory();
      edit(
          ns.name(),
          "flaky",
          r -> {
            r.getSpec().setType(io.capstan.api.source.v1.HelmRepositoryType.OCI);
            r.getSpec().setUrl("oci://ghcr.io/org/charts");
            return r;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                HelmRepository r = get(ns.name(), "flaky");
                return r.getMetadata().getFinalizers().isEmpty()
                    && (r.getStatus() == null || r.getStatus().getArtifact() == null)
                    && !Files.exists(dir);
              });
    }
  }

  // ---- helpers (the generic ones are the shared SourceHarness's)

  static String yaml(String name, String url, String extra) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\n"
        + "kind: HelmRepository\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + "  interval: 1h\n"
        + "  timeout: 10s\n"
        + "  url: "
        + url
        + "\n"
        + extra;
  }

  static void secret(String ns, String name, Map<String, String> data) {
    harness.secret(ns, name, data);
  }

  static HelmRepository apply(String ns, String yaml) {
    return harness.apply(HelmRepository.class, ns, yaml);
  }

  static HelmRepository get(String ns, String name) {
    return harness.get(ns, name);
  }

  static void edit(String ns, String name, UnaryOperator<HelmRepository> f) {
    harness.edit(ns, name, f);
  }

  static void requestReconcile(String ns, String name, String value) {
    harness.requestReconcile(ns, name, value);
  }

  static Predicate<HelmRepository> handled(String value) {
    return r -> r.getStatus() != null && value.equals(r.getStatus().getLastHandledReconcileAt());
  }

  static HelmRepository awaitStatus(String ns, String name, Predicate<HelmRepository> condition) {
    return harness.awaitStatus(ns, name, condition);
  }

  static HelmRepository awaitReady(String ns, String name) {
    HelmRepository r = awaitStatus(ns, name, HelmRepositoryControllerTest::ready);
    check(r);
    return r;
  }

  static java.util.Optional<Condition> condition(HelmRepository r, String type) {
    return StatusContract.condition(r, type);
  }

  static boolean has(HelmRepository r, String type, Condition.Status status, String reason) {
    return StatusContract.has(r, type, status, reason);
  }

  static boolean ready(HelmRepository r) {
    return StatusContract.ready(r, "Succeeded");
  }

  /** The shared contract, then: Ready ⇒ an artifact and Flux's message for it. */
  static void check(HelmRepository r) {
    StatusContract.check(r, HelmRepositoryConditions.REASONS);
    if (has(r, "Ready", Condition.Status.True, null)) {
      assertThat(r.getStatus().getArtifact()).isNotNull();
      assertThat(condition(r, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "stored artifact: revision '" + r.getStatus().getArtifact().getRevision() + "'");
      assertThat(condition(r, "ArtifactInStorage").orElseThrow().getStatus())
          .isEqualTo(Condition.Status.True);
    }
  }

  static byte[] download(Artifact artifact) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(artifact.getUrl())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat("sha256:" + sha256(response.body())).isEqualTo(artifact.getDigest());
    return response.body();
  }

  /** What Flux stores for an index: its JSON form. */
  static byte[] stored(byte[] index) throws Exception {
    return IndexJson.toJson(new java.io.ByteArrayInputStream(index));
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
