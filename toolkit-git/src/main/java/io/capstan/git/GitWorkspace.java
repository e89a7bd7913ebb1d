package io.capstan.git;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * A clone of a remote repository whose working tree the caller edits, then commits and pushes: what
 * image automation (and {@code capstan bootstrap git}) needs, in the shape of Flux's {@code
 * pkg/git} client ({@code Clone}, {@code SwitchBranch}, {@code Commit}, {@code Push}).
 *
 * <pre>{@code
 * try (GitWorkspace ws = GitWorkspace.clone(remote, GitReference.branch("main"), dir)) {
 *   ws.switchBranch("auto");                       // the push branch, fetched if it exists
 *   Files.writeString(ws.directory().resolve("app.yaml"), edited);
 *   Optional<String> commit = ws.commit(GitCommitRequest.of("Flux", "flux@example.com", "msg"));
 *   if (commit.isPresent()) ws.push(List.of("refs/heads/auto:refs/heads/auto"), List.of());
 * }
 * }</pre>
 *
 * <p>Every remote operation uses the {@link GitRemote}'s credentials, proxy and timeout, with a
 * transport of its own (so a timed-out SSH session never poisons the next operation). Credentials
 * are never written to the clone's config and never appear in messages. A push the remote refuses
 * because its branch moved raises {@link GitException.PushRejected}: call {@link #switchBranch}
 * again (it fetches and resets to the remote branch), redo the edit and push again.
 */
public final class GitWorkspace implements AutoCloseable {

  private final GitRemote remote;
  private final Path directory;
  private final Git git;
  private final CheckoutResult.Checkout cloned;
  private boolean shallow;
  private String branch;

  private GitWorkspace(GitRemote remote, Path directory, Git git, CheckoutResult.Checkout cloned) {
    this.remote = remote;
    this.directory = directory;
    this.git = git;
    this.cloned = cloned;
  }

  /**
   * Clones {@code reference} (full history of that reference) into {@code directory}, which must be
   * absent or empty. A branch reference is checked out as a local branch of the same name; any
   * other reference leaves HEAD detached until {@link #switchBranch}.
   *
   * @throws GitException typed as {@link GitCheckout#call()}
   */
  public static GitWorkspace clone(GitRemote remote, GitReference reference, Path directory)
      throws GitException {
    return cloneIfChanged(remote, reference, directory, null).orElseThrow();
  }

  /**
   * As {@link #clone}, unless the remote still points at {@code lastObservedRevision} (any Flux
   * revision form; {@code null} always clones): then nothing is fetched (one ls-remote) and the
   * result is empty.
   */
  public static Optional<GitWorkspace> cloneIfChanged(
      GitRemote remote, GitReference reference, Path directory, String lastObservedRevision)
      throws GitException {
    return cloneIfChanged(remote, reference, directory, lastObservedRevision, false);
  }

  /**
   * As {@link #cloneIfChanged(GitRemote, GitReference, Path, String)}; {@code shallow} clones only
   * the checked-out commit (depth 1, Flux's {@code GitShallowClone}) and {@link #switchBranch} then
   * fetches the push branch with depth 1 too. Commits made on top push as usual: the remote has
   * their parents.
   */
  public static Optional<GitWorkspace> cloneIfChanged(
      GitRemote remote,
      GitReference reference,
      Path directory,
      String lastObservedRevision,
      boolean shallow)
      throws GitException {
    Objects.requireNonNull(remote, "remote");
    GitReference ref = reference == null ? GitReference.defaultBranch() : reference;
    CheckoutResult result =
        new GitCheckout()
            .url(remote.url())
            .auth(remote.auth())
            .proxy(remote.proxy())
            .timeout(remote.timeout())
            .reference(ref)
            .shallow(shallow)
            .lastObservedCommit(lastObservedRevision)
            .into(directory)
            .call();
    if (result instanceof CheckoutResult.Unchanged) {
      return Optional.empty();
    }
    Git git;
    try {
      git = Git.open(directory.toFile());
    } catch (IOException e) {
      throw new GitException.OperationFailed("unable to open the clone: " + e.getMessage(), e);
    }
    GitWorkspace workspace =
        new GitWorkspace(remote, directory, git, (CheckoutResult.Checkout) result);
    workspace.shallow = shallow;
    if (ref.kind() == GitReference.Kind.BRANCH) {
      workspace.checkoutBranch(ref.effectiveBranch(), ObjectId.fromString(result.hash()));
    }
    return Optional.of(workspace);
  }

  /**
   * A new, empty local repository whose first commit goes to branch {@code branch} of {@code
   * remote}: what Flux's Git client does when the remote is empty or has no such branch (its clone
   * falls back to {@code git init} with the remote as {@code origin}). {@link #cloned()} is {@code
   * null} and {@link #head()} is {@code null} until the first {@link #commit}; {@link #push} then
   * creates the remote branch.
   *
   * @param directory absent or empty
   */
  public static GitWorkspace init(GitRemote remote, String branch, Path directory)
      throws GitException {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(branch, "branch");
    try {
      Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch(branch).call();
      GitWorkspace workspace = new GitWorkspace(remote, directory, git, null);
      workspace.branch = branch;
      return workspace;
    } catch (GitAPIException | JGitInternalException e) {
      throw new GitException.OperationFailed(
          "unable to initialise a repository: " + e.getMessage(), e);
    }
  }

  /**
   * What was cloned: the commit (with its signature data) and its revision in Flux's format, e.g.
   * {@code main@sha1:<hex>} (Flux's {@code observedSourceRevision}); {@code null} for a workspace
   * made by {@link #init}.
   */
  public CheckoutResult.Checkout cloned() {
    return cloned;
  }

  /** The working tree: edit files here before {@link #commit}. */
  public Path directory() {
    return directory;
  }

  /** The local branch checked out, or {@code null} while HEAD is detached. */
  public String branch() {
    return branch;
  }

  /** The commit HEAD points at. */
  public String head() throws GitException {
    try {
      ObjectId id = git.getRepository().resolve("HEAD");
      return id == null ? null : id.name();
    } catch (IOException e) {
      throw new GitException.OperationFailed("unable to read HEAD: " + e.getMessage(), e);
    }
  }

  /**
   * Checks out local branch {@code name}: at the remote's {@code refs/heads/<name>} when it exists
   * (fetched now, so this is also how to catch up after {@link GitException.PushRejected}),
   * otherwise at the current HEAD. Uncommitted edits and local commits not on the remote are
   * discarded, so call it before editing.
   */
  public void switchBranch(String name) throws GitException {
    Objects.requireNonNull(name, "name");
    String remoteRef = "refs/heads/" + name;
    String tracking = "refs/remotes/origin/" + name;
    ObjectId start;
    try {
      RemoteOperation op = new RemoteOperation("unable to fetch");
      try (op) {
        Ref advertised =
            op.run(
                () ->
                    git.lsRemote()
                        .setRemote(op.connectUrl())
                        .setHeads(true)
                        .setTransportConfigCallback(op.transport)
                        .setTimeout(remote.timeoutSeconds())
                        .callAsMap()
                        .get(remoteRef));
        if (advertised != null) {
          op.run(
              () -> {
                var fetch =
                    git.fetch()
                        .setRemote(op.connectUrl())
                        .setRefSpecs(new RefSpec("+" + remoteRef + ":" + tracking))
                        .setTransportConfigCallback(op.transport)
                        .setTimeout(remote.timeoutSeconds());
                if (shallow) {
                  fetch.setDepth(1);
                }
                return fetch.call();
              });
        }
        start = advertised == null ? null : git.getRepository().resolve(tracking);
      }
      if (start == null) {
        start = git.getRepository().resolve("HEAD");
      }
    } catch (IOException e) {
      throw new GitException.OperationFailed("unable to switch to branch " + name, e);
    }
    checkoutBranch(name, start);
  }

  /**
   * Checks out local branch {@code name} at the current HEAD, whatever the remote has under that
   * name (for a branch that is force-pushed, regenerated from the checkout on every run).
   */
  public void startBranch(String name) throws GitException {
    Objects.requireNonNull(name, "name");
    ObjectId head;
    try {
      head = git.getRepository().resolve("HEAD");
    } catch (IOException e) {
      throw new GitException.OperationFailed("unable to read HEAD: " + e.getMessage(), e);
    }
    checkoutBranch(name, head);
  }

  /**
   * Stages every change in the working tree (new, modified and deleted files) and commits it on the
   * current branch.
   *
   * @return the new commit's hash, or empty when nothing changed (no commit is made)
   */
  public Optional<String> commit(GitCommitRequest request) throws GitException {
    Objects.requireNonNull(request, "request");
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      Status status = git.status().call();
      if (status.getAdded().isEmpty()
          && status.getChanged().isEmpty()
          && status.getRemoved().isEmpty()) {
        return Optional.empty();
      }
      PersonIdent author =
          new PersonIdent(
              request.authorName(), request.authorEmail(), Instant.now(), request.zone());
      var commit =
          git.commit()
              .setAuthor(author)
              .setCommitter(author)
              .setMessage(request.message())
              .setAllowEmpty(false)
              .setNoVerify(true)
              .setSign(request.signer() != null);
      if (request.signer() != null) {
        commit.setSigner(request.signer());
      }
      RevCommit created = commit.call();
      return Optional.of(created.name());
    } catch (GitAPIException | JGitInternalException e) {
      throw new GitException.OperationFailed(
          "unable to commit: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Pushes the current branch to the remote branch of the same name.
   *
   * @throws GitException.PushRejected when the remote branch moved (not a fast-forward)
   */
  public void push(List<String> pushOptions) throws GitException {
    push(pushOptions, false);
  }

  /**
   * Pushes the current branch to the remote branch of the same name, overwriting it when {@code
   * force} (Flux's {@code GitForcePushBranch}).
   *
   * @throws GitException.PushRejected when not forced and the remote branch moved
   */
  public void push(List<String> pushOptions, boolean force) throws GitException {
    if (branch == null) {
      throw new IllegalStateException("HEAD is detached: switchBranch first");
    }
    String spec = "refs/heads/" + branch + ":refs/heads/" + branch;
    push(List.of(force ? "+" + spec : spec), pushOptions);
  }

  /**
   * Pushes {@code refSpecs} (e.g. {@code refs/heads/main:refs/heads/auto}, or {@code
   * HEAD:refs/heads/auto}), sending {@code pushOptions} ({@code git push -o}) when not empty.
   * Nothing is forced unless a refspec starts with {@code +}.
   *
   * @throws GitException.PushRejected when a remote branch moved (not a fast-forward)
   * @throws GitException typed by cause for transport and authentication failures
   */
  public void push(List<String> refSpecs, List<String> pushOptions) throws GitException {
    if (refSpecs.isEmpty()) {
      throw new IllegalArgumentException("nothing to push: no refspec");
    }
    Iterable<PushResult> results;
    try (RemoteOperation op = new RemoteOperation("unable to push to")) {
      results =
          op.run(
              () -> {
                PushCommand push =
                    git.push()
                        .setRemote(op.connectUrl())
                        .setRefSpecs(refSpecs.stream().map(RefSpec::new).toList())
                        .setTransportConfigCallback(op.transport)
                        .setTimeout(remote.timeoutSeconds());
                if (pushOptions != null && !pushOptions.isEmpty()) {
                  push.setPushOptions(List.copyOf(pushOptions));
                }
                return push.call();
              });
    }
    List<String> failures = new ArrayList<>();
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        String ref = update.getRemoteName();
        String message = update.getMessage() == null ? "" : update.getMessage();
        switch (update.getStatus()) {
          case OK, UP_TO_DATE -> {}
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
              throw rejected(ref, "non-fast-forward");
          case REJECTED_OTHER_REASON -> {
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("non-fast") || lower.contains("fetch first")) {
              throw rejected(ref, message);
            }
            failures.add(ref + ": " + message);
          }
          default -> failures.add(ref + ": " + update.getStatus() + " " + message);
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new GitException.OperationFailed(
          "push to '"
              + TransportFailures.redactUrl(remote.url())
              + "' failed: "
              + String.join("; ", failures),
          null);
    }
  }

  private GitException.PushRejected rejected(String ref, String why) {
    return new GitException.PushRejected(
        ref,
        "push to '"
            + TransportFailures.redactUrl(remote.url())
            + "' rejected for "
            + ref
            + " ("
            + why
            + "): the remote branch moved");
  }

  private void checkoutBranch(String name, ObjectId start) throws GitException {
    try {
      boolean exists = git.getRepository().exactRef("refs/heads/" + name) != null;
      if (exists && !name.equals(git.getRepository().getBranch())) {
        git.checkout().setName(name).setForced(true).call();
      } else if (!exists) {
        git.checkout().setName(name).setCreateBranch(true).setStartPoint(start.name()).call();
      }
      git.reset()
          .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
          .setRef(start.name())
          .call();
      git.clean().setCleanDirectories(true).call();
      branch = name;
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw new GitException.OperationFailed(
          "unable to check out branch " + name + ": " + e.getMessage(), e);
    }
  }

  /** Releases the repository; the directory stays for the caller to delete. */
  @Override
  public void close() {
    git.close();
  }

  /** One remote operation with its own transport, watchdog and failure classification. */
  private final class RemoteOperation implements AutoCloseable {
    private final String action;
    private final TransportSettings transport;
    private final Watchdog watchdog;
    private final DeadlineMonitor monitor;

    RemoteOperation(String action) throws GitException {
      this.action = action;
      try {
        this.transport = TransportSettings.of(remote.auth(), remote.proxy(), remote.timeout());
      } catch (IOException e) {
        throw new GitException.OperationFailed(
            "unable to prepare SSH client: " + e.getMessage(), e);
      }
      this.monitor = new DeadlineMonitor(Instant.now().plus(remote.timeout()));
      this.watchdog = new Watchdog(remote.timeout(), transport::abort);
    }

    String connectUrl() {
      return remote.auth().connectUrl(remote.url());
    }

    <T> T run(GitCall<T> call) throws GitException {
      try {
        return call.call();
      } catch (GitAPIException | JGitInternalException e) {
        throw new TransportFailures(
                remote.url(), remote.auth(), remote.timeout(), transport.knownHosts())
            .classify(action, e, monitor.passed() || watchdog.fired());
      }
    }

    @Override
    public void close() {
      watchdog.close();
      transport.close();
    }
  }

  @FunctionalInterface
  private interface GitCall<T> {
    T call() throws GitAPIException;
  }
}
