package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryControllerTest.repoYaml;
import static io.capstan.source.controller.StatusContract.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.source.git.SmartHttpGitServer;
import io.capstan.source.git.TestCertificates;
import io.capstan.source.git.TestRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
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
 * The real controller against the Git layer's test servers for what the shared fixtures do not
 * offer: bearer tokens, client certificates, an HTTP proxy, submodules and sparse checkouts.
 */
@WithKubernetes
class GitRepositoryTransportTest {

  static final String TOKEN = "t0ken-right";

  @TempDir static Path root;
  static ControllerHarness harness;
  static TestCertificates pki;
  static String appHead;
  static SmartHttpGitServer plain;
  static SmartHttpGitServer bearer;
  static SmartHttpGitServer mutual;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    String libHead; // on master: the submodule is cloned at its remote HEAD (JGit: master)
    try (TestRepository lib = TestRepository.createBare(root.resolve("lib.git"))) {
      libHead = lib.commit("master", Map.of("lib.txt", "library"), "lib");
    }
    try (TestRepository app = TestRepository.createBare(root.resolve("app.git"))) {
      appHead =
          app.commit(
              "main",
              Map.of(
                  "deploy/app.yaml", "app",
                  "docs/readme.md", "docs",
                  "top.txt", "top",
                  ".gitmodules", "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = ../lib.git\n"),
              Map.of("vendor/lib", libHead),
              "app",
              null);
    }
    pki = new TestCertificates();
    plain = SmartHttpGitServer.http(root);
    bearer = SmartHttpGitServer.http(root).bearerAuth(TOKEN);
    mutual = SmartHttpGitServer.https(root, pki.serverContext(), true);
    harness = new ControllerHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    List.of(plain, bearer, mutual).forEach(SmartHttpGitServer::close);
  }

  private static String pem(Object o) throws Exception {
    return new String(TestCertificates.pem(o), StandardCharsets.US_ASCII);
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
    String url = bearer.url("app.git");
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
            "ca.crt", pem(pki.ca),
            "tls.crt", pem(pki.client),
            "tls.key", pem(pki.clientKey.getPrivate())));
    harness.secret(ns.name(), "ca-only", Map.of("ca.crt", pem(pki.ca)));
    String url = mutual.url("app.git");
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
    harness.secret(ns.name(), "proxy", Map.of("address", plain.address()));
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
    assertThat(plain.requests()).contains("PROXIED git.capstan.invalid");
  }

  @Test
  @DisplayName(
      "recurseSubmodules: true puts the submodule's files in the artifact and is observed; off, they are left out")
  void submodules(KubeNamespace ns) throws Exception {
    String url = plain.url("app.git");
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
        ns.name(), repoYaml("sparse", plain.url("app.git"), "  sparseCheckout:\n  - deploy\n"));

    GitRepository repo = harness.awaitReady(ns.name(), "sparse");
    StatusContract.check(repo);
    assertThat(repo.getStatus().getObservedSparseCheckout()).containsExactly("deploy");
    assertThat(harness.files(repo.getStatus().getArtifact()))
        .containsOnlyKeys("deploy/app.yaml")
        .containsEntry("deploy/app.yaml", "app");
  }
}
