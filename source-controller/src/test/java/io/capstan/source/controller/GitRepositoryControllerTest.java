package io.capstan.source.controller;

import static io.capstan.source.controller.StatusContract.condition;
import static io.capstan.source.controller.StatusContract.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.SshKey;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real GitRepository controller (embedding API, one per class) against a real API server and
 * real Git servers over HTTP and SSH: references, authentication, artifacts, deletion, bad specs.
 */
@WithKubernetes
class GitRepositoryControllerTest {

  @TempDir static Path root;
  static ControllerHarness harness;
  static TestGitRepository app;
  static RevCommit c1;
  static RevCommit c2;
  static GitHttpServer http;
  static GitHttpServer httpAuth;
  static GitSshServer ssh;
  static GitSshServer otherSsh;
  static SshKey sshClient;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    app = TestGitRepository.create(root.resolve("app.git"));
    c1 = app.commit("main", "first", Map.of("deploy/app.yaml", "v1", "README.md", "app"));
    app.annotatedTag("v1.0.0", c1, "release 1.0.0");
    app.branch("dev", c1);
    c2 = app.commit("main", "second", Map.of("deploy/app.yaml", "v2"));
    app.annotatedTag("v1.1.0", c2, "release 1.1.0");
    app.lightweightTag("v2.0.0", c2);
    http = GitHttpServer.builder().start().serve("app", app.repository());
    httpAuth =
        GitHttpServer.builder()
            .basicAuth("flux", "s3cret-pw")
            .start()
            .serve("app", app.repository());
    sshClient = SshKey.ecdsa();
    ssh =
        GitSshServer.start(List.of(sshClient.keyPair().getPublic())).serve("app", app.repository());
    otherSsh = GitSshServer.start(List.of(sshClient.keyPair().getPublic()));
    harness = new ControllerHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    Stream.of(http, httpAuth).forEach(GitHttpServer::close);
    ssh.close();
    otherSsh.close();
    app.close();
  }

  static String repoYaml(String name, String url, String extraSpec) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\n"
        + "kind: GitRepository\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + "  interval: 1h\n"
        + "  timeout: 20s\n"
        + "  url: "
        + url
        + "\n"
        + (extraSpec.contains("ref:") ? "" : "  ref:\n    branch: main\n")
        + extraSpec;
  }

  static Stream<Arguments> references() {
    return Stream.of(
        Arguments.of("branch", "  ref:\n    branch: main\n", "main@sha1:" + c2.name(), "v2"),
        Arguments.of("dev-branch", "  ref:\n    branch: dev\n", "dev@sha1:" + c1.name(), "v1"),
        Arguments.of("tag", "  ref:\n    tag: v1.0.0\n", "v1.0.0@sha1:" + c1.name(), "v1"),
        Arguments.of(
            "semver", "  ref:\n    semver: '>=1.0.0 <2.0.0'\n", "v1.1.0@sha1:" + c2.name(), "v2"),
        Arguments.of(
            "name", "  ref:\n    name: refs/heads/dev\n", "refs/heads/dev@sha1:" + c1.name(), "v1"),
        Arguments.of(
            "commit", "  ref:\n    commit: " + c1.name() + "\n", "sha1:" + c1.name(), "v1"),
        Arguments.of(
            "commit-in-branch",
            "  ref:\n    branch: main\n    commit: " + c1.name() + "\n",
            "main@sha1:" + c1.name(),
            "v1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  @DisplayName(
      "every reference kind becomes an artifact with Flux's revision, served with its digest")
  void references(String name, String ref, String revision, String content, KubeNamespace ns)
      throws Exception {
    harness.apply(ns.name(), repoYaml(name, http.url("app").toString(), ref));
    GitRepository repo = harness.awaitReady(ns.name(), name);

    var artifact = repo.getStatus().getArtifact();
    assertThat(artifact.getRevision()).isEqualTo(revision);
    assertThat(artifact.getDigest()).matches("sha256:[0-9a-f]{64}");
    assertThat(artifact.getPath())
        .isEqualTo(
            "gitrepository/"
                + ns.name()
                + "/"
                + name
                + "/"
                + revision.substring(revision.length() - 40)
                + ".tar.gz");
    assertThat(artifact.getUrl()).endsWith("/" + artifact.getPath());
    assertThat(artifact.getLastUpdateTime()).isNotBlank();
    assertThat(harness.files(artifact)).containsEntry("deploy/app.yaml", content);
    assertThat(condition(repo, "ArtifactInStorage").orElseThrow().getMessage())
        .isEqualTo("stored artifact for revision '" + revision + "'");
    assertThat(repo.getMetadata().getFinalizers()).contains("finalizers.fluxcd.io");
  }

  @Test
  @DisplayName(
      "basic auth: the right password gives an artifact, a wrong one AuthenticationFailed without leaking it")
  void basicAuth(KubeNamespace ns) {
    harness.secret(ns.name(), "good", Map.of("username", "flux", "password", "s3cret-pw"));
    harness.secret(ns.name(), "bad", Map.of("username", "flux", "password", "wr0ng-pw"));
    String url = httpAuth.url("app").toString();
    harness.apply(ns.name(), repoYaml("good", url, "  secretRef:\n    name: good\n"));
    harness.apply(ns.name(), repoYaml("bad", url, "  secretRef:\n    name: bad\n"));

    harness.awaitReady(ns.name(), "good");
    GitRepository bad =
        harness.awaitStatus(
            ns.name(),
            "bad",
            r -> has(r, "FetchFailed", Condition.Status.True, "AuthenticationFailed"));
    StatusContract.check(bad);
    assertThat(has(bad, "Ready", Condition.Status.False, "AuthenticationFailed")).isTrue();
    assertThat(bad.getStatus().getArtifact()).isNull();
    assertThat(bad.getStatus().toString()).doesNotContain("wr0ng-pw");
  }

  @Test
  @DisplayName(
      "a missing secret: Ready=False AuthenticationFailed, the stored artifact is kept; recovers once it exists")
  void missingSecret(KubeNamespace ns) {
    harness.secret(ns.name(), "creds", Map.of("username", "flux", "password", "s3cret-pw"));
    String url = httpAuth.url("app").toString();
    harness.apply(ns.name(), repoYaml("app", url, "  secretRef:\n    name: creds\n"));
    var before = harness.awaitReady(ns.name(), "app").getStatus().getArtifact();

    harness.edit(
        ns.name(),
        "app",
        r -> {
          r.getSpec().getSecretRef().setName("absent");
          return r;
        });
    GitRepository failing =
        harness.awaitStatus(
            ns.name(), "app", r -> has(r, "Ready", Condition.Status.False, "AuthenticationFailed"));
    StatusContract.check(failing);
    assertThat(condition(failing, "FetchFailed").orElseThrow().getMessage())
        .isEqualTo("failed to get secret '" + ns.name() + "/absent': secrets \"absent\" not found");
    assertThat(failing.getStatus().getArtifact().hasSameContent(before)).isTrue();
    assertThat(failing.getStatus().getObservedGeneration()).isEqualTo(1L);

    harness.secret(ns.name(), "absent", Map.of("username", "flux", "password", "s3cret-pw"));
    GitRepository recovered = harness.awaitReady(ns.name(), "app");
    assertThat(recovered.getStatus().getArtifact().getDigest()).isEqualTo(before.getDigest());
    assertThat(condition(recovered, "FetchFailed")).isEmpty();
  }

  @Test
  @DisplayName(
      "SSH: identity + known_hosts gives an artifact; a host key not in known_hosts is AuthenticationFailed")
  void ssh(KubeNamespace ns) {
    harness.secret(
        ns.name(),
        "ssh",
        Map.of("identity", sshClient.privateKeyPem(), "known_hosts", ssh.knownHostsLine()));
    harness.secret(
        ns.name(),
        "wrong-host",
        Map.of(
            "identity",
            sshClient.privateKeyPem(),
            "known_hosts",
            otherSsh
                .knownHostsLine()
                .replace(":" + otherSsh.port() + "]", ":" + ssh.port() + "]")));
    String url = ssh.url("app").toString();
    harness.apply(ns.name(), repoYaml("ok", url, "  secretRef:\n    name: ssh\n"));
    harness.apply(ns.name(), repoYaml("unknown", url, "  secretRef:\n    name: wrong-host\n"));

    GitRepository ok = harness.awaitReady(ns.name(), "ok");
    assertThat(ok.getStatus().getArtifact().getRevision()).isEqualTo("main@sha1:" + c2.name());
    GitRepository unknown =
        harness.awaitStatus(
            ns.name(),
            "unknown",
            r -> has(r, "FetchFailed", Condition.Status.True, "AuthenticationFailed"));
    StatusContract.check(unknown);
    assertThat(unknown.getStatus().toString()).doesNotContain("BEGIN OPENSSH PRIVATE KEY");
  }

  @Test
  @DisplayName(
      "HTTPS: ca.crt from the secret is trusted; without it the fetch fails, and spec.timeout bounds a silent server")
  void httpsAndTimeout(KubeNamespace ns) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("capstan test CA");
    try (GitHttpServer https =
            GitHttpServer.builder().https(ca).start().serve("app", app.repository());
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      harness.secret(ns.name(), "ca", Map.of("ca.crt", ca.certificatePem()));
      String url = https.url("app").toString();
      harness.apply(ns.name(), repoYaml("trusted", url, "  secretRef:\n    name: ca\n"));
      harness.apply(ns.name(), repoYaml("untrusted", url, ""));
      harness.apply(
          ns.name(),
          repoYaml("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/app.git", "")
              .replace("timeout: 20s", "timeout: 2s"));

      assertThat(harness.awaitReady(ns.name(), "trusted").getStatus().getArtifact().getRevision())
          .isEqualTo("main@sha1:" + c2.name());
      StatusContract.check(
          harness.awaitStatus(
              ns.name(),
              "untrusted",
              r -> has(r, "FetchFailed", Condition.Status.True, "GitOperationFailed")));
      long started = System.nanoTime();
      GitRepository silentRepo =
          harness.awaitStatus(
              ns.name(),
              "silent",
              r -> has(r, "FetchFailed", Condition.Status.True, "GitOperationFailed"));
      StatusContract.check(silentRepo);
      assertThat(condition(silentRepo, "FetchFailed").orElseThrow().getMessage())
          .contains("timeout after 2s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  @DisplayName("an invalid URL and an unsupported provider stall with a clear reason")
  void stalls(KubeNamespace ns) {
    harness.apply(ns.name(), repoYaml("url", "http://", ""));
    harness.apply(
        ns.name(), repoYaml("github", http.url("app").toString(), "  provider: github\n"));
    GitRepository url =
        harness.awaitStatus(
            ns.name(), "url", r -> has(r, "Stalled", Condition.Status.True, "URLInvalid"));
    GitRepository github =
        harness.awaitStatus(
            ns.name(),
            "github",
            r -> has(r, "Stalled", Condition.Status.True, "InvalidProviderConfiguration"));
    StatusContract.check(url);
    StatusContract.check(github);
    assertThat(condition(github, "Ready").orElseThrow().getMessage()).contains("not supported yet");
  }

  @Test
  @DisplayName("a tampered artifact in storage is detected and rebuilt with the same digest")
  void tamperedArtifact(KubeNamespace ns) throws Exception {
    harness.apply(ns.name(), repoYaml("tampered", http.url("app").toString(), ""));
    var artifact = harness.awaitReady(ns.name(), "tampered").getStatus().getArtifact();
    Path file = harness.storage.resolve(artifact.getPath());
    Files.writeString(file, "not the artifact");

    harness.edit(
        ns.name(),
        "tampered",
        r -> {
          r.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "after-tamper"));
          return r;
        });
    GitRepository rebuilt =
        harness.awaitStatus(
            ns.name(),
            "tampered",
            r ->
                "after-tamper".equals(r.getStatus().getLastHandledReconcileAt())
                    && StatusContract.ready(r));
    StatusContract.check(rebuilt);
    assertThat(rebuilt.getStatus().getArtifact().getDigest()).isEqualTo(artifact.getDigest());
    assertThat(harness.files(rebuilt.getStatus().getArtifact()))
        .containsEntry("deploy/app.yaml", "v2");
  }

  @Test
  @DisplayName("deleting a GitRepository removes every artifact and then the object")
  void deletion(KubeNamespace ns) throws Exception {
    harness.apply(ns.name(), repoYaml("gone", http.url("app").toString(), ""));
    GitRepository repo = harness.awaitReady(ns.name(), "gone");
    Path dir = harness.storage.resolve("gitrepository/" + ns.name() + "/gone");
    assertThat(harness.storage.resolve(repo.getStatus().getArtifact().getPath())).exists();

    harness.admin.resource(repo).delete();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> harness.get(ns.name(), "gone") == null);
    assertThat(dir).doesNotExist();
  }
}
