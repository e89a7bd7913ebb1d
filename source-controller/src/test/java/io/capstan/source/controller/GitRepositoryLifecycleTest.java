package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryControllerTest.repoYaml;
import static io.capstan.source.controller.StatusContract.condition;
import static io.capstan.source.controller.StatusContract.has;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.OpenPgpKey;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * The real GitRepository controller over time: new commits, no-op reconciles without a clone,
 * signature verification, ignore rules, includes, suspend/requestedAt and an unreachable server.
 */
@WithKubernetes
class GitRepositoryLifecycleTest {

  @TempDir static Path root;
  static ControllerHarness harness;
  static TestGitRepository signed;
  static OpenPgpKey trusted;
  static GitHttpServer http;
  static int repoCounter;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    trusted = OpenPgpKey.generate("Release Bot", "bot@example.com");
    OpenPgpKey stranger = OpenPgpKey.generate("Stranger", "x@example.com");
    signed = TestGitRepository.create(root.resolve("signed.git"));
    RevCommit head =
        signed.newCommit("main").file("app.yaml", "signed").signedWith(trusted).create();
    signed.signedTag("v1.0.0", head, "signed release", trusted);
    signed.annotatedTag("v0.1.0", head, "unsigned release");
    signed.newCommit("unsigned").file("app.yaml", "unsigned").create();
    signed.newCommit("stranger").file("app.yaml", "x").signedWith(stranger).create();
    http = GitHttpServer.builder().start().serve("signed", signed.repository());
    harness = new ControllerHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    http.close();
    signed.close();
  }

  static synchronized TestGitRepository newRepository(String name) {
    return TestGitRepository.create(root.resolve(name + "-" + (++repoCounter) + ".git"));
  }

  @Test
  @DisplayName(
      "an unchanged remote is not cloned again; a new commit gives a new artifact and revision")
  void newCommitAndNoClone(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = newRepository("moving");
        GitHttpServer server = GitHttpServer.builder().start()) {
      RevCommit first = repo.commit("main", "one", Map.of("a.txt", "1"));
      server.serve("moving", repo.repository());
      harness.apply(
          ns.name(), repoYaml("moving", server.url("moving").toString(), "").replace("1h", "2s"));
      GitRepository ready = harness.awaitReady(ns.name(), "moving");
      assertThat(ready.getStatus().getArtifact().getRevision())
          .isEqualTo("main@sha1:" + first.name());

      long clones = server.requests().uploadPacks();
      long listings = server.requests().refAdvertisements();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> server.requests().refAdvertisements() >= listings + 2);
      assertThat(server.requests().uploadPacks())
          .as("no clone for an unchanged remote")
          .isEqualTo(clones);
      GitRepository still = harness.get(ns.name(), "moving");
      assertThat(still.getStatus().getArtifact().hasSameContent(ready.getStatus().getArtifact()))
          .isTrue();
      StatusContract.check(still);

      RevCommit second = repo.commit("main", "two", Map.of("a.txt", "2"));
      GitRepository updated =
          harness.awaitStatus(
              ns.name(),
              "moving",
              r ->
                  StatusContract.ready(r)
                      && r.getStatus().getArtifact().getRevision().endsWith(second.name()));
      StatusContract.check(updated);
      assertThat(server.requests().uploadPacks()).isGreaterThan(clones);
      assertThat(updated.getStatus().getArtifact().getDigest())
          .isNotEqualTo(ready.getStatus().getArtifact().getDigest());
      assertThat(harness.files(updated.getStatus().getArtifact())).containsEntry("a.txt", "2");
    }
  }

  static Stream<Arguments> verifications() {
    return Stream.of(
        Arguments.of("head-signed", "branch: main", "HEAD", Condition.Status.True, "Succeeded"),
        Arguments.of(
            "head-unsigned",
            "branch: unsigned",
            "HEAD",
            Condition.Status.False,
            "InvalidCommitSignature"),
        Arguments.of(
            "head-stranger",
            "branch: stranger",
            "HEAD",
            Condition.Status.False,
            "InvalidCommitSignature"),
        Arguments.of("tag-signed", "tag: v1.0.0", "Tag", Condition.Status.True, "Succeeded"),
        Arguments.of(
            "tag-unsigned", "tag: v0.1.0", "Tag", Condition.Status.False, "InvalidGitObject"),
        Arguments.of(
            "tag-on-branch",
            "branch: main",
            "Tag",
            Condition.Status.False,
            "InvalidVerificationMode"),
        Arguments.of(
            "tag-and-head", "tag: v1.0.0", "TagAndHEAD", Condition.Status.True, "Succeeded"),
        Arguments.of(
            "tag-and-head-unsigned",
            "tag: v0.1.0",
            "TagAndHEAD",
            Condition.Status.False,
            "InvalidGitObject"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifications")
  @DisplayName("spec.verify: signed, unsigned and wrongly signed commits and tags per mode")
  void verify(
      String name,
      String ref,
      String mode,
      Condition.Status status,
      String reason,
      KubeNamespace ns) {
    harness.secret(ns.name(), "keys", Map.of("author.asc", trusted.armoredPublicKey()));
    harness.apply(
        ns.name(),
        repoYaml(
            name,
            http.url("signed").toString(),
            "  ref:\n    "
                + ref
                + "\n  verify:\n    mode: "
                + mode
                + "\n    secretRef:\n      name: keys\n"));
    GitRepository repo =
        harness.awaitStatus(ns.name(), name, r -> has(r, "SourceVerified", status, reason));
    StatusContract.check(repo);
    if (status == Condition.Status.True) {
      repo = harness.awaitReady(ns.name(), name);
      assertThat(repo.getStatus().getSourceVerificationMode()).isEqualTo(mode);
      assertThat(condition(repo, "SourceVerified").orElseThrow().getMessage())
          .startsWith("verified signature of");
    } else {
      assertThat(has(repo, "Ready", Condition.Status.False, reason)).isTrue();
      assertThat(repo.getStatus().getArtifact()).isNull();
      if (reason.equals("InvalidVerificationMode")) {
        assertThat(has(repo, "Stalled", Condition.Status.True, reason)).isTrue();
      }
    }
  }

  @Test
  @DisplayName(
      "ignore rules (.sourceignore and spec.ignore) shape the artifact; changing spec.ignore rebuilds it")
  void ignore(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = newRepository("ignored");
        GitHttpServer server = GitHttpServer.builder().start()) {
      repo.commit(
          "main",
          "files",
          Map.of(
              "deploy/app.yaml", "app",
              "deploy/secret.yaml", "secret",
              "README.md", "docs",
              ".sourceignore", "*.md\n"));
      server.serve("ignored", repo.repository());
      harness.apply(
          ns.name(),
          repoYaml("ignored", server.url("ignored").toString(), "  ignore: /deploy/secret.yaml\n"));
      GitRepository first = harness.awaitReady(ns.name(), "ignored");
      assertThat(harness.files(first.getStatus().getArtifact()))
          .containsKey("deploy/app.yaml")
          .doesNotContainKeys("README.md", "deploy/secret.yaml");
      assertThat(first.getStatus().getObservedIgnore()).isEqualTo("/deploy/secret.yaml");

      harness.edit(
          ns.name(),
          "ignored",
          r -> {
            r.getSpec().setIgnore(null);
            return r;
          });
      GitRepository second =
          harness.awaitStatus(
              ns.name(),
              "ignored",
              r -> StatusContract.ready(r) && r.getStatus().getObservedIgnore() == null);
      StatusContract.check(second);
      assertThat(second.getStatus().getArtifact().getRevision())
          .isEqualTo(first.getStatus().getArtifact().getRevision());
      assertThat(harness.files(second.getStatus().getArtifact()))
          .containsKey("deploy/secret.yaml")
          .doesNotContainKey("README.md");
    }
  }

  @Test
  @DisplayName(
      "include copies another GitRepository's artifact and follows it when it changes; a missing one is IncludeUnavailable")
  void include(KubeNamespace ns) throws Exception {
    try (TestGitRepository lib = newRepository("lib");
        TestGitRepository app = newRepository("app");
        GitHttpServer server = GitHttpServer.builder().start()) {
      lib.commit("main", "l1", Map.of("lib.yaml", "l1"));
      app.commit("main", "a1", Map.of("app.yaml", "a1"));
      server.serve("lib", lib.repository()).serve("app", app.repository());
      harness.apply(ns.name(), repoYaml("lib", server.url("lib").toString(), ""));
      harness.apply(
          ns.name(),
          repoYaml(
              "app",
              server.url("app").toString(),
              "  include:\n  - repository:\n      name: lib\n    toPath: vendor/lib\n"));
      harness.apply(
          ns.name(),
          repoYaml(
              "orphan",
              server.url("app").toString(),
              "  include:\n  - repository:\n      name: nope\n"));

      GitRepository withLib = harness.awaitStatus(ns.name(), "app", r -> StatusContract.ready(r));
      StatusContract.check(withLib);
      assertThat(harness.files(withLib.getStatus().getArtifact()))
          .containsEntry("vendor/lib/lib.yaml", "l1")
          .containsEntry("app.yaml", "a1");
      assertThat(withLib.getStatus().getIncludedArtifacts()).hasSize(1);
      assertThat(withLib.getStatus().getObservedInclude()).hasSize(1);

      RevCommit l2 = lib.commit("main", "l2", Map.of("lib.yaml", "l2"));
      requestReconcile(ns, "lib", "lib-l2");
      GitRepository followed =
          harness.awaitStatus(
              ns.name(),
              "app",
              r ->
                  StatusContract.ready(r)
                      && r.getStatus()
                          .getIncludedArtifacts()
                          .get(0)
                          .getRevision()
                          .endsWith(l2.name()));
      StatusContract.check(followed);
      assertThat(harness.files(followed.getStatus().getArtifact()))
          .containsEntry("vendor/lib/lib.yaml", "l2");
      assertThat(followed.getStatus().getArtifact().getRevision())
          .isEqualTo(withLib.getStatus().getArtifact().getRevision());

      GitRepository orphan =
          harness.awaitStatus(
              ns.name(),
              "orphan",
              r -> has(r, "IncludeUnavailable", Condition.Status.True, "NotFound"));
      StatusContract.check(orphan);
      assertThat(has(orphan, "Ready", Condition.Status.False, "NotFound")).isTrue();
    }
  }

  @Test
  @DisplayName(
      "suspend stops reconciling, even on requestedAt; requestedAt reconciles at once and is echoed")
  void suspendAndRequestedAt(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = newRepository("suspended");
        GitHttpServer server = GitHttpServer.builder().start()) {
      repo.commit("main", "one", Map.of("a.txt", "1"));
      server.serve("s", repo.repository());
      harness.apply(ns.name(), repoYaml("s", server.url("s").toString(), ""));
      String first = harness.awaitReady(ns.name(), "s").getStatus().getArtifact().getRevision();

      harness.edit(
          ns.name(),
          "s",
          r -> {
            r.getSpec().setSuspend(true);
            return r;
          });
      RevCommit two = repo.commit("main", "two", Map.of("a.txt", "2"));
      requestReconcile(ns, "s", "while-suspended");
      Thread.sleep(2_000);
      GitRepository suspended = harness.get(ns.name(), "s");
      assertThat(suspended.getStatus().getArtifact().getRevision()).isEqualTo(first);
      assertThat(suspended.getStatus().getLastHandledReconcileAt()).isNotEqualTo("while-suspended");

      harness.edit(
          ns.name(),
          "s",
          r -> {
            r.getSpec().setSuspend(false);
            return r;
          });
      harness.awaitStatus(
          ns.name(),
          "s",
          r ->
              StatusContract.ready(r)
                  && r.getStatus().getArtifact().getRevision().endsWith(two.name()));

      RevCommit three = repo.commit("main", "three", Map.of("a.txt", "3"));
      requestReconcile(ns, "s", "now");
      GitRepository handled =
          harness.awaitStatus(
              ns.name(),
              "s",
              r ->
                  "now".equals(r.getStatus().getLastHandledReconcileAt())
                      && r.getStatus().getArtifact().getRevision().endsWith(three.name()));
      StatusContract.check(handled);
    }
  }

  @Test
  @DisplayName(
      "an unreachable server: FetchFailed/GitOperationFailed with the artifact kept; recovers when it is back")
  void unreachableThenBack(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = newRepository("flaky");
        GitHttpServer server = GitHttpServer.builder().start();
        TcpRelay relay = new TcpRelay(server.port())) {
      repo.commit("main", "one", Map.of("a.txt", "1"));
      server.serve("flaky", repo.repository());
      String url = "http://127.0.0.1:" + relay.port() + "/flaky.git";
      harness.apply(ns.name(), repoYaml("flaky", url, "").replace("1h", "2s"));
      var before = harness.awaitReady(ns.name(), "flaky").getStatus().getArtifact();

      relay.stop();
      RevCommit two = repo.commit("main", "two", Map.of("a.txt", "2"));
      GitRepository down =
          harness.awaitStatus(
              ns.name(),
              "flaky",
              r -> has(r, "FetchFailed", Condition.Status.True, "GitOperationFailed"));
      StatusContract.check(down);
      assertThat(has(down, "Ready", Condition.Status.False, "GitOperationFailed")).isTrue();
      assertThat(down.getStatus().getArtifact().hasSameContent(before)).isTrue();

      relay.start();
      GitRepository back =
          harness.awaitStatus(
              ns.name(),
              "flaky",
              r ->
                  StatusContract.ready(r)
                      && r.getStatus().getArtifact().getRevision().endsWith(two.name()));
      StatusContract.check(back);
      assertThat(condition(back, "FetchFailed")).isEmpty();
    }
  }

  private static void requestReconcile(KubeNamespace ns, String name, String value) {
    harness.edit(
        ns.name(),
        name,
        r -> {
          if (r.getMetadata().getAnnotations() == null) {
            r.getMetadata().setAnnotations(new HashMap<>());
          }
          r.getMetadata().getAnnotations().put("reconcile.fluxcd.io/requestedAt", value);
          return r;
        });
  }
}
