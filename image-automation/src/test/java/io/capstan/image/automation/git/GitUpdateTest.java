package io.capstan.image.automation.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.image.v1.GitCheckoutSpec;
import io.capstan.api.image.v1.GitSpec;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.PushSpec;
import io.capstan.api.source.v1.GitRepositoryRef;
import io.capstan.git.CheckoutResult;
import io.capstan.git.CommitVerifier;
import io.capstan.git.GitAuth;
import io.capstan.git.GitCheckout;
import io.capstan.git.GitCommitRequest;
import io.capstan.git.GitException;
import io.capstan.git.GitReference;
import io.capstan.git.GitRemote;
import io.capstan.git.OpenPgpCommitSigner;
import io.capstan.git.VerificationMode;
import io.capstan.image.automation.update.SetterUpdater;
import io.capstan.image.automation.update.Setters;
import io.capstan.image.automation.update.UpdateResult;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.OpenPgpKey;
import io.capstan.testing.git.TestGitRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automation's Git run against toolkit-testing's Git HTTP server with push enabled. */
class GitUpdateTest {

  static final String DEPLOYMENT =
      "apiVersion: apps/v1\n"
          + "kind: Deployment\n"
          + "metadata:\n"
          + "  name: app # the app\n"
          + "  namespace: apps\n"
          + "spec:\n"
          + "  template:\n"
          + "    spec:\n"
          + "      containers:\n"
          + "      - name: app\n"
          + "        image: 'ghcr.io/org/app:1.0.0' # {\"$imagepolicy\": \"apps:app\"}\n";

  @TempDir Path root;
  TestGitRepository origin;
  GitHttpServer http;
  GitRemote remote;

  @BeforeEach
  void start() throws Exception {
    origin = TestGitRepository.create(root.resolve("origin.git"));
    origin.commit("main", "init", Map.of("deploy/app.yaml", DEPLOYMENT, "other.yaml", "a: 1\n"));
    http =
        GitHttpServer.builder()
            .basicAuth("flux", "pass")
            .allowPush(true)
            .start()
            .serve("app", origin.repository());
    String url = http.url("app").toString();
    remote =
        new GitRemote(
            url,
            GitAuth.fromSecret(
                url,
                Map.of(
                    "username", "flux".getBytes(StandardCharsets.UTF_8),
                    "password", "pass".getBytes(StandardCharsets.UTF_8))),
            null,
            Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    http.close();
    origin.close();
  }

  static GitSpec git(String checkoutBranch, String pushBranch, Map<String, String> options) {
    GitSpec git = new GitSpec();
    if (checkoutBranch != null) {
      GitCheckoutSpec checkout = new GitCheckoutSpec();
      GitRepositoryRef ref = new GitRepositoryRef();
      ref.setBranch(checkoutBranch);
      checkout.setRef(ref);
      git.setCheckout(checkout);
    }
    if (pushBranch != null || options != null) {
      PushSpec push = new PushSpec();
      push.setBranch(pushBranch);
      push.setOptions(options);
      git.setPush(push);
    }
    return git;
  }

  static GitUpdate.Edit setTag(String tag) {
    Setters setters =
        Setters.builder().policy("apps", "app", new ImageRef("ghcr.io/org/app", tag, null)).build();
    return tree -> new SetterUpdater(setters).update(tree);
  }

  static GitUpdate.CommitFor message(String text) {
    return result -> GitCommitRequest.of("Flux", "flux@example.com", text);
  }

  RevCommit head(String branch) throws Exception {
    ObjectId id = origin.head(branch);
    try (RevWalk walk = new RevWalk(origin.repository())) {
      return walk.parseCommit(id);
    }
  }

  @Test
  @DisplayName(
      "a new tag is committed and pushed to the checkout branch; only the marked scalar changes")
  void pushesToCheckoutBranch() throws Exception {
    PushTarget target = PushTarget.of(remote, null, git("main", null, null));
    assertThat(target.switchBranch()).isFalse();

    GitUpdate.Outcome outcome =
        new GitUpdate().run(target, root.resolve("work"), setTag("1.1.0"), message("bump"));

    GitUpdate.Pushed pushed = (GitUpdate.Pushed) outcome;
    RevCommit head = head("main");
    assertThat(pushed.commit()).isEqualTo(head.name());
    assertThat(pushed.branch()).isEqualTo("main");
    assertThat(pushed.attempts()).isEqualTo(1);
    assertThat(pushed.observedSourceRevision()).isEqualTo("main@sha1:" + head.name());
    assertThat(head.getFullMessage()).isEqualTo("bump");
    assertThat(origin.files(head))
        .containsEntry("deploy/app.yaml", DEPLOYMENT.replace("app:1.0.0", "app:1.1.0"))
        .containsEntry("other.yaml", "a: 1\n");
    assertThat(pushed.update().changedFiles()).containsExactly("deploy/app.yaml");
  }

  @Test
  @DisplayName(
      "nothing to change: no commit, no push; with that revision as last observed, no clone at all")
  void noChange() throws Exception {
    ObjectId before = origin.head("main");
    GitUpdate.Outcome outcome =
        new GitUpdate()
            .run(
                PushTarget.of(remote, null, git("main", null, null)),
                root.resolve("work"),
                setTag("1.0.0"),
                message("never"));

    assertThat(outcome).isInstanceOf(GitUpdate.NoChange.class);
    assertThat(outcome.observedSourceRevision()).isEqualTo("main@sha1:" + before.name());
    assertThat(origin.head("main")).isEqualTo(before);
    assertThat(http.requests().receivePacks()).isZero();

    long clones = http.requests().uploadPacks();
    GitUpdate.Outcome again =
        new GitUpdate()
            .run(
                PushTarget.of(remote, null, git("main", null, null)),
                root.resolve("work-again"),
                setTag("1.0.0"),
                message("never"),
                outcome.observedSourceRevision());
    assertThat(again).isInstanceOf(GitUpdate.Unchanged.class);
    assertThat(again.observedSourceRevision()).isEqualTo(outcome.observedSourceRevision());
    assertThat(http.requests().uploadPacks()).isEqualTo(clones);
  }

  @Test
  @DisplayName(
      "push branch differs: commits go on it (created from the checkout), with push options; main untouched")
  void pushBranchWithOptions() throws Exception {
    ObjectId main = origin.head("main");
    PushTarget target =
        PushTarget.of(
            remote, null, git("main", "image-updates", Map.of("ci.skip", "", "mr.target", "main")));
    assertThat(target.switchBranch()).isTrue();
    assertThat(target.pushOptions()).containsExactly("ci.skip", "mr.target=main");

    GitUpdate.Pushed pushed =
        (GitUpdate.Pushed)
            new GitUpdate().run(target, root.resolve("work"), setTag("2.0.0"), message("b"));

    assertThat(origin.head("main")).isEqualTo(main);
    assertThat(origin.head("image-updates").name()).isEqualTo(pushed.commit());
    assertThat(head("image-updates").getParent(0)).isEqualTo(main);
    assertThat(pushed.observedSourceRevision()).isEqualTo("main@sha1:" + main.name());
    assertThat(http.pushOptions()).containsExactly("ci.skip", "mr.target=main");
  }

  @Test
  @DisplayName(
      "concurrent push race: the branch moves between clone and push; the run refetches, re-applies and pushes on top")
  void raceIsRetried() throws Exception {
    AtomicInteger edits = new AtomicInteger();
    AtomicReference<RevCommit> other = new AtomicReference<>();
    GitUpdate.Edit racing =
        tree -> {
          UpdateResult result = setTag("1.1.0").apply(tree);
          if (edits.getAndIncrement() == 0) {
            // another writer pushes while this run is editing
            other.set(origin.commit("main", "someone else", Map.of("other.yaml", "a: 2\n")));
          }
          return result;
        };

    GitUpdate.Pushed pushed =
        (GitUpdate.Pushed)
            new GitUpdate()
                .baseDelay(Duration.ofMillis(50))
                .run(
                    PushTarget.of(remote, null, git("main", null, null)),
                    root.resolve("work"),
                    racing,
                    message("bump"));

    assertThat(pushed.attempts()).isEqualTo(2);
    assertThat(edits).hasValue(2);
    RevCommit head = head("main");
    assertThat(head.name()).isEqualTo(pushed.commit());
    assertThat(head.getParent(0)).isEqualTo(other.get());
    assertThat(origin.files(head))
        .containsEntry("other.yaml", "a: 2\n")
        .containsEntry("deploy/app.yaml", DEPLOYMENT.replace("app:1.0.0", "app:1.1.0"));
  }

  @Test
  @DisplayName("the race lost to a writer who already made the same change: nothing is committed")
  void raceLostToSameChange() throws Exception {
    AtomicInteger edits = new AtomicInteger();
    GitUpdate.Edit racing =
        tree -> {
          UpdateResult result = setTag("1.1.0").apply(tree);
          if (edits.getAndIncrement() == 0) {
            origin.commit(
                "main",
                "same bump elsewhere",
                Map.of("deploy/app.yaml", DEPLOYMENT.replace("app:1.0.0", "app:1.1.0")));
          }
          return result;
        };
    GitUpdate.Outcome outcome =
        new GitUpdate()
            .baseDelay(Duration.ofMillis(50))
            .run(
                PushTarget.of(remote, null, git("main", null, null)),
                root.resolve("work"),
                racing,
                message("bump"));

    assertThat(outcome).isInstanceOf(GitUpdate.NoChange.class);
    assertThat(head("main").getFullMessage()).isEqualTo("same bump elsewhere\n");
  }

  @Test
  @DisplayName("a branch that keeps moving: PushRejected after the last attempt")
  void givesUp() {
    GitUpdate.Edit alwaysRacing =
        tree -> {
          UpdateResult result = setTag("1.1.0").apply(tree);
          origin.commit("main", "again", Map.of("other.yaml", "n: " + System.nanoTime() + "\n"));
          return result;
        };
    assertThatThrownBy(
            () ->
                new GitUpdate()
                    .maxAttempts(3)
                    .baseDelay(Duration.ofMillis(10))
                    .run(
                        PushTarget.of(remote, null, git("main", null, null)),
                        root.resolve("work"),
                        alwaysRacing,
                        message("bump")))
        .isInstanceOf(GitException.PushRejected.class);
  }

  @Test
  @DisplayName(
      "GitShallowClone: the working clone holds only the checked-out commit; the pushed commit"
          + " sits on top of the full remote history")
  void shallowClone() throws Exception {
    origin.commit("main", "second", Map.of("other.yaml", "a: 2\n"));
    RevCommit tip = origin.commit("main", "third", Map.of("other.yaml", "a: 3\n"));
    Path work = root.resolve("work");

    GitUpdate.Pushed pushed =
        (GitUpdate.Pushed)
            new GitUpdate()
                .shallow(true)
                .run(
                    PushTarget.of(remote, null, git("main", null, null)),
                    work,
                    setTag("1.1.0"),
                    message("bump"));

    assertThat(work.resolve(".git/shallow")).exists();
    assertThat(Files.readString(work.resolve(".git/shallow")).strip()).isEqualTo(tip.name());
    try (var clone = org.eclipse.jgit.api.Git.open(work.toFile())) {
      int count = 0;
      for (RevCommit ignored : clone.log().call()) {
        count++;
      }
      assertThat(count).as("commits reachable in the shallow clone").isEqualTo(2);
    }
    RevCommit head = head("main");
    assertThat(head.name()).isEqualTo(pushed.commit());
    assertThat(head.getParent(0)).isEqualTo(tip);
    assertThat(origin.files(head))
        .containsEntry("other.yaml", "a: 3\n")
        .containsEntry("deploy/app.yaml", DEPLOYMENT.replace("app:1.0.0", "app:1.1.0"));

    Path full = root.resolve("full");
    new GitUpdate()
        .shallow(false)
        .run(
            PushTarget.of(remote, null, git("main", null, null)),
            full,
            setTag("1.2.0"),
            message("bump"));
    assertThat(full.resolve(".git/shallow")).doesNotExist();
  }

  @Test
  @DisplayName(
      "GitShallowClone with a push branch that exists and a race: fetched with depth 1, retried on"
          + " top of the other writer")
  void shallowPushBranchRace() throws Exception {
    ObjectId main = origin.head("main");
    origin.branch("image-updates", main);
    RevCommit existing =
        origin.commit("image-updates", "earlier update", Map.of("notes.txt", "x\n"));
    AtomicInteger edits = new AtomicInteger();
    AtomicReference<RevCommit> other = new AtomicReference<>();
    GitUpdate.Edit racing =
        tree -> {
          UpdateResult result = setTag("3.0.0").apply(tree);
          if (edits.getAndIncrement() == 0) {
            other.set(origin.commit("image-updates", "someone else", Map.of("notes.txt", "y\n")));
          }
          return result;
        };
    GitSpec spec = git("main", "image-updates", null);
    PushTarget target = PushTarget.of(remote, null, spec).withForcePushBranch(false);

    GitUpdate.Pushed pushed =
        (GitUpdate.Pushed)
            new GitUpdate()
                .shallow(true)
                .baseDelay(Duration.ofMillis(50))
                .run(target, root.resolve("work"), racing, message("bump"));

    assertThat(pushed.attempts()).isEqualTo(2);
    RevCommit head = head("image-updates");
    assertThat(head.name()).isEqualTo(pushed.commit());
    assertThat(head.getParent(0)).isEqualTo(other.get());
    assertThat(other.get().getParent(0)).isEqualTo(existing);
    assertThat(origin.head("main")).isEqualTo(main);
  }

  @Test
  @DisplayName("a signing key signs the pushed commit; CommitVerifier accepts it")
  void signedCommit(@TempDir Path checkout) throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Flux", "flux@example.com");
    OpenPgpCommitSigner signer =
        OpenPgpCommitSigner.fromSecret(
            Map.of("git.asc", key.armoredSecretKey().getBytes(StandardCharsets.US_ASCII)));
    new GitUpdate()
        .run(
            PushTarget.of(remote, null, git("main", null, null)),
            root.resolve("work"),
            setTag("1.1.0"),
            result -> GitCommitRequest.of("Flux", "flux@example.com", "signed").signedBy(signer));

    CheckoutResult.Checkout fetched =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(remote.url())
                .auth(remote.auth())
                .reference(GitReference.branch("main"))
                .into(checkout)
                .call();
    assertThat(
            CommitVerifier.fromSecret(
                    Map.of("flux.asc", key.armoredPublicKey().getBytes(StandardCharsets.US_ASCII)))
                .verify(fetched.commit(), VerificationMode.HEAD)
                .verified())
        .isNotEmpty();
  }

  @Test
  @DisplayName(
      "push target: source ref used without checkout; a tag without push branch is invalid")
  void targets() throws Exception {
    GitRepositoryRef sourceRef = new GitRepositoryRef();
    sourceRef.setBranch("release");
    PushTarget fromSource = PushTarget.of(remote, sourceRef, new GitSpec());
    assertThat(fromSource.checkout()).isEqualTo(GitReference.branch("release"));
    assertThat(fromSource.pushBranch()).isEqualTo("release");

    GitRepositoryRef tag = new GitRepositoryRef();
    tag.setTag("v1.0.0");
    assertThatThrownBy(() -> PushTarget.of(remote, tag, new GitSpec()))
        .isInstanceOf(InvalidSourceConfigurationException.class)
        .hasMessageContaining("push spec not provided");
    assertThatThrownBy(() -> PushTarget.of(remote, sourceRef, null))
        .isInstanceOf(InvalidSourceConfigurationException.class)
        .hasMessageContaining(".spec.git");
    assertThat(PushTarget.of(remote, tag, git(null, "auto", null)).switchBranch()).isTrue();
    assertThat(PushTarget.of(remote, null, new GitSpec()).pushBranch()).isEqualTo("master");
  }

  @Test
  @DisplayName(
      "GitForcePushBranch: an existing push branch is regenerated from the checkout and force-pushed")
  void forcePushBranch() throws Exception {
    RevCommit stale = origin.commit("auto", "stale automation commit", Map.of("stale.txt", "x\n"));
    ObjectId main = origin.head("main");
    PushTarget target =
        PushTarget.of(remote, null, git("main", "auto", null)).withForcePushBranch(true);
    assertThat(target.forcesPush()).isTrue();

    GitUpdate.Pushed pushed =
        (GitUpdate.Pushed)
            new GitUpdate().run(target, root.resolve("work"), setTag("4.0.0"), message("f"));

    RevCommit auto = head("auto");
    assertThat(auto.name()).isEqualTo(pushed.commit());
    assertThat(auto.getParent(0)).isEqualTo(main);
    assertThat(origin.files(auto)).doesNotContainKey("stale.txt");
    assertThat(auto).isNotEqualTo(stale);

    // without the gate the existing branch is the base
    origin.branch("kept", main);
    RevCommit kept = origin.commit("kept", "kept commit", Map.of("kept.txt", "k\n"));
    GitUpdate.Pushed onTop =
        (GitUpdate.Pushed)
            new GitUpdate()
                .run(
                    PushTarget.of(remote, null, git("main", "kept", null)),
                    root.resolve("work2"),
                    setTag("4.0.0"),
                    message("g"));
    assertThat(head("kept").getParent(0)).isEqualTo(kept);
    assertThat(origin.files(head("kept"))).containsKey("kept.txt");
    assertThat(onTop.commit()).isEqualTo(head("kept").name());
  }
}
