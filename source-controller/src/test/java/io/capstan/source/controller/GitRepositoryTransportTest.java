package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryControllerTest.repoYaml;
import static io.capstan.source.controller.StatusContract.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.tls.CertificateAuthority;
import io.capstan.testing.tls.IssuedCertificate;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real controller against toolkit-testing's Git HTTP server for transports beyond basic auth:
 * bearer tokens, client certificates, an HTTP proxy, submodules and sparse checkouts.
 */
@WithKubernetes
class GitRepositoryTransportTest {

  static final String TOKEN = "t0ken-right";

  @TempDir static Path root;
  static ControllerHarness harness;
  static CertificateAuthority ca;
  static IssuedCertificate client;
  static TestGitRepository lib;
  static TestGitRepository app;
  static String appHead;
  static GitHttpServer plain;
  static GitHttpServer bearer;
  static GitHttpServer mutual;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    // on main, the fixture's HEAD: the submodule is cloned at its remote HEAD
    lib = TestGitRepository.create(root.resolve("lib.git"));
    var libHead = lib.commit("main", "lib", Map.of("lib.txt", "library"));
    app = TestGitRepository.create(root.resolve("app.git"));
    appHead =
        app.newCommit("main")
            .file("deploy/app.yaml", "app")
            .file("docs/readme.md", "docs")
            .file("top.txt", "top")
            .file(".gitmodules", "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = ../lib.git\n")
            .gitlink("vendor/lib", libHead)
            .message("app")
            .create()
            .name();
    ca = CertificateAuthority.create("capstan-transport-test-ca");
    client = ca.issueClient("flux", null);
    plain = serving(GitHttpServer.builder());
    bearer = serving(GitHttpServer.builder().bearerToken(TOKEN));
    mutual = serving(GitHttpServer.builder().https(ca).requireClientCertificate());
    harness = new ControllerHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    List.of(plain, bearer, mutual).forEach(GitHttpServer::close);
    List.of(lib, app).forEach(TestGitRepository::close);
  }

  private static GitHttpServer serving(GitHttpServer.Builder options) {
    return options.start().serve("lib", lib.repository()).serve("app", app.repository());
  }

  private static GitRepository awaitFetchFailed(KubeNamespace ns, String name, String reason) {
    GitRepository repo =
        harness.awaitStatus(
            ns.name(), name, r -> has(r, "FetchFailed", Condition.Status.True, reason));
    StatusContract.check(repo);
    assertThat(has(repo, "Ready", Condition.Status.False, reason)).isTrue();
    assertThat(repo.getStatus().getArtifact()).isNull();
    return repo;
  }

  @Test
  @DisplayName(
      "bearer token: the right token gives an artifact, a wrong one AuthenticationFailed without leaking it")
  void bearerToken(KubeNamespace ns) {
    harness.secret(ns.name(), "good", Map.of("bearerToken", TOKEN));
    harness.secret(ns.name(), "bad", Map.of("bearerToken", "t0ken-wrong"));
    String url = bearer.url("app.git").toString();
    harness.apply(ns.name(), repoYaml("good", url, "  secretRef:\n    name: good\n"));
    harness.apply(ns.name(), repoYaml("bad", url, "  secretRef:\n    name: bad\n"));

    GitRepository good = harness.awaitReady(ns.name(), "good");
    StatusContract.check(good);
    assertThat(good.getStatus().getArtifact().getRevision()).isEqualTo("main@sha1:" + appHead);
    GitRepository bad = awaitFetchFailed(ns, "bad", "AuthenticationFailed");
    assertThat(bad.getStatus().toString()).doesNotContain("t0ken-wrong");
  }

  @Test
  @DisplayName(
      "client certificate: tls.crt/tls.key with ca.crt is accepted; ca.crt alone is refused by the server")
  void clientCertificate(KubeNamespace ns) throws Exception {
    harness.secret(
        ns.name(),
        "mtls",
        Map.of(
            "ca.crt", ca.certificatePem(),
            "tls.crt", client.certificatePem(),
            "tls.key", client.privateKeyPem()));
    harness.secret(ns.name(), "ca-only", Map.of("ca.crt", ca.certificatePem()));
    String url = mutual.url("app.git").toString();
    harness.apply(ns.name(), repoYaml("mtls", url, "  secretRef:\n    name: mtls\n"));
    harness.apply(ns.name(), repoYaml("ca-only", url, "  secretRef:\n    name: ca-only\n"));

    GitRepository ok = harness.awaitReady(ns.name(), "mtls");
    StatusContract.check(ok);
    assertThat(harness.files(ok.getStatus().getArtifact())).containsEntry("deploy/app.yaml", "app");
    GitRepository refused = awaitFetchFailed(ns, "ca-only", "GitOperationFailed");
    assertThat(refused.getStatus().toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  @DisplayName("proxySecretRef: an unresolvable host is fetched through the HTTP proxy")
  void proxy(KubeNamespace ns) throws Exception {
    harness.secret(ns.name(), "proxy", Map.of("address", plain.proxyAddress()));
    harness.apply(
        ns.name(),
        repoYaml(
            "proxied",
            "http://git.capstan.invalid/app.git",
            "  proxySecretRef:\n    name: proxy\n"));

    GitRepository repo = harness.awaitReady(ns.name(), "proxied");
    StatusContract.check(repo);
    assertThat(repo.getStatus().getArtifact().getRevision()).isEqualTo("main@sha1:" + appHead);
    assertThat(harness.files(repo.getStatus().getArtifact()))
        .containsEntry("deploy/app.yaml", "app");
    assertThat(plain.proxiedHosts()).contains("git.capstan.invalid");
  }

  @Test
  @DisplayName(
      "recurseSubmodules: true puts the submodule's files in the artifact and is observed; off, they are left out")
  void submodules(KubeNamespace ns) throws Exception {
    String url = plain.url("app.git").toString();
    harness.apply(ns.name(), repoYaml("recursive", url, "  recurseSubmodules: true\n"));
    harness.apply(ns.name(), repoYaml("flat", url, ""));

    GitRepository recursive = harness.awaitReady(ns.name(), "recursive");
    StatusContract.check(recursive);
    assertThat(recursive.getStatus().getObservedRecurseSubmodules()).isTrue();
    assertThat(harness.files(recursive.getStatus().getArtifact()))
        .containsEntry("vendor/lib/lib.txt", "library")
        .containsEntry("deploy/app.yaml", "app");
    GitRepository flat = harness.awaitReady(ns.name(), "flat");
    assertThat(harness.files(flat.getStatus().getArtifact()))
        .doesNotContainKey("vendor/lib/lib.txt");
  }

  @Test
  @DisplayName("sparseCheckout: the artifact holds only the listed directory, which is observed")
  void sparseCheckout(KubeNamespace ns) throws Exception {
    harness.apply(
        ns.name(),
        repoYaml("sparse", plain.url("app.git").toString(), "  sparseCheckout:\n  - deploy\n"));

    GitRepository repo = harness.awaitReady(ns.name(), "sparse");
    StatusContract.check(repo);
    assertThat(repo.getStatus().getObservedSparseCheckout()).containsExactly("deploy");
    assertThat(harness.files(repo.getStatus().getArtifact()))
        .containsOnlyKeys("deploy/app.yaml")
        .containsEntry("deploy/app.yaml", "app");
  }
}
