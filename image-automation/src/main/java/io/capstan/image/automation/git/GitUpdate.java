package io.capstan.image.automation.git;

import io.capstan.git.GitCommitRequest;
import io.capstan.git.GitException;
import io.capstan.git.GitWorkspace;
import io.capstan.image.automation.update.UpdateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One automation run against Git: clone the checkout reference, switch to the push branch when it
 * differs, apply the update to the working tree, and — only when files changed — commit and push. A
 * push the remote refuses because the push branch moved ({@link GitException.PushRejected}) is
 * retried the way Flux's {@code GitPushRetryOnFailure} does it: wait (exponential backoff with
 * jitter), fetch and reset to the remote branch, apply the update again, and commit and push what
 * is still missing; up to {@link #maxAttempts} pushes within a time budget. If the remote already
 * has the change after catching up, nothing is committed.
 *
 * <pre>{@code
 * GitUpdate.Outcome outcome = new GitUpdate()
 *     .run(target, workDir,
 *          tree -> updater.update(SetterUpdater.resolveUpdatePath(tree, spec.update.path)),
 *          result -> GitCommitRequest.of(author.name, author.email, message(result)).signedBy(signer));
 * }</pre>
 */
public final class GitUpdate {

  /** Applies the update to a working tree; the result says which files changed. */
  @FunctionalInterface
  public interface Edit {
    /** Edits files under {@code workTree} in place. */
    UpdateResult apply(Path workTree) throws IOException;
  }

  /** Builds the commit (author, message, signer) for what an edit changed. */
  @FunctionalInterface
  public interface CommitFor {
    /** The commit request for {@code result}. */
    GitCommitRequest commit(UpdateResult result) throws CommitMessageFailedException;
  }

  /** What a run did. */
  public sealed interface Outcome {
    /** The checked-out source revision in Flux's format ({@code observedSourceRevision}). */
    String observedSourceRevision();

    /** What the (last) edit found, for conditions and the commit message. */
    UpdateResult update();
  }

  /**
   * Nothing was cloned: the remote still points at the last observed revision.
   *
   * @param observedSourceRevision the last observed revision, unchanged
   * @param update an empty result
   */
  public record Unchanged(String observedSourceRevision, UpdateResult update) implements Outcome {}

  /**
   * Nothing to commit: the files already hold what the policies select.
   *
   * @param observedSourceRevision the revision that was checked out
   * @param update the (empty) result of the edit
   */
  public record NoChange(String observedSourceRevision, UpdateResult update) implements Outcome {}

  /**
   * A commit was pushed.
   *
   * @param observedSourceRevision the revision checked out (the pushed commit's revision when it
   *     was pushed to the checkout branch, as Flux records it)
   * @param update the result of the edit that was committed
   * @param commit the pushed commit's hash
   * @param branch the branch it was pushed to ({@code null} when only a refspec was pushed)
   * @param message the commit message
   * @param time when it was pushed
   * @param attempts how many pushes it took (1 without a race)
   */
  public record Pushed(
      String observedSourceRevision,
      UpdateResult update,
      String commit,
      String branch,
      String message,
      Instant time,
      int attempts)
      implements Outcome {}

  private int maxAttempts = 5;
  private Duration baseDelay = Duration.ofSeconds(2);
  private Duration budget = Duration.ofMinutes(2);
  private boolean shallow;

  /**
   * Clones only the checked-out commit, and fetches the push branch with depth 1 (Flux's {@code
   * GitShallowClone} feature gate, on by default in the controller; off by default here).
   */
  public GitUpdate shallow(boolean shallow) {
    this.shallow = shallow;
    return this;
  }

  /** Pushes at most this many times, the first one included (default 5, as Flux). */
  public GitUpdate maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = attempts;
    return this;
  }

  /** The wait before the first retry, doubled for each further one (default 2 s, as Flux). */
  public GitUpdate baseDelay(Duration delay) {
    this.baseDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /** No retry starts later than this after the first rejected push (Flux: min(interval/2, 2m)). */
  public GitUpdate budget(Duration budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    return this;
  }

  /**
   * Runs the automation in {@code workDir} (absent or empty; the caller deletes it afterwards).
   *
   * @throws GitException clone, fetch, commit or push failures (a push still rejected after the
   *     last attempt is the final {@link GitException.PushRejected})
   * @throws IOException when the edit fails to read or write files
   * @throws CommitMessageFailedException when the commit message cannot be rendered
   */
  public Outcome run(PushTarget target, Path workDir, Edit edit, CommitFor commitFor)
      throws GitException, IOException, CommitMessageFailedException, InterruptedException {
    return run(target, workDir, edit, commitFor, null);
  }

  /**
   * As above, but when the remote still points at {@code lastObservedRevision} nothing is cloned
   * and the outcome is {@link Unchanged} (Flux skips the run when neither the remote nor the
   * policies changed: the caller passes {@code null} when the policies changed, or when the push
   * goes to another branch or a refspec, whose drift one ls-remote of the checkout cannot see).
   */
  public Outcome run(
      PushTarget target, Path workDir, Edit edit, CommitFor commitFor, String lastObservedRevision)
      throws GitException, IOException, CommitMessageFailedException, InterruptedException {
    Optional<GitWorkspace> cloned =
        GitWorkspace.cloneIfChanged(
            target.remote(), target.checkout(), workDir, lastObservedRevision, shallow);
    if (cloned.isEmpty()) {
      return new Unchanged(lastObservedRevision, UpdateResult.empty());
    }
    try (GitWorkspace ws = cloned.get()) {
      String checkedOut = ws.cloned().revision();
      if (target.forcesPush()) {
        ws.startBranch(target.pushBranch());
      } else if (target.switchBranch()) {
        ws.switchBranch(target.pushBranch());
      }
      UpdateResult result = edit.apply(ws.directory());
      if (result.isEmpty()) {
        return new NoChange(checkedOut, result);
      }
      Instant firstRejection = null;
      Duration delay = baseDelay;
      for (int attempt = 1; ; attempt++) {
        GitCommitRequest request = commitFor.commit(result);
        var commit = ws.commit(request);
        if (commit.isEmpty()) {
          // The edit reported changes but the tree is identical (e.g. the remote caught up).
          return new NoChange(checkedOut, result);
        }
        try {
          if (target.pushBranch() != null) {
            ws.push(target.pushOptions(), target.forcesPush());
          }
          if (target.refspec() != null) {
            ws.push(List.of(target.refspec()), target.pushOptions());
          }
          String observed = checkedOut;
          if (!target.switchBranch() && target.pushBranch() != null) {
            observed = branchRevision(target.pushBranch(), commit.get());
          }
          return new Pushed(
              observed,
              result,
              commit.get(),
              target.pushBranch(),
              request.message(),
              Instant.now(),
              attempt);
        } catch (GitException.PushRejected rejected) {
          boolean onPushBranch =
              target.pushBranch() != null
                  && rejected.remoteRef().equals("refs/heads/" + target.pushBranch());
          if (!onPushBranch || attempt >= maxAttempts) {
            throw rejected;
          }
          if (firstRejection == null) {
            firstRejection = Instant.now();
          }
          Duration wait = jitter(delay);
          if (Instant.now().plus(wait).isAfter(firstRejection.plus(budget))) {
            throw rejected;
          }
          Thread.sleep(wait.toMillis());
          delay = delay.multipliedBy(2);
          ws.switchBranch(target.workBranch());
          result = edit.apply(ws.directory());
          if (result.isEmpty()) {
            return new NoChange(checkedOut, result);
          }
        }
      }
    }
  }

  /** Deletes a run's working directory (best effort). */
  public static void deleteWorkDir(Path workDir) {
    if (workDir == null || !Files.exists(workDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }

  private static String branchRevision(String branch, String hash) {
    return branch + "@sha1:" + hash;
  }

  private static Duration jitter(Duration delay) {
    long millis = delay.toMillis();
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }
}
