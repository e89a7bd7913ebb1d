package io.capstan.git;

import java.time.Instant;
import org.eclipse.jgit.lib.EmptyProgressMonitor;

/** A JGit progress monitor that cancels the operation once its deadline has passed. */
final class DeadlineMonitor extends EmptyProgressMonitor {

  private final Instant deadline;

  DeadlineMonitor(Instant deadline) {
    this.deadline = deadline;
  }

  /** Whether the deadline has passed. */
  boolean passed() {
    return Instant.now().isAfter(deadline);
  }

  @Override
  public boolean isCancelled() {
    return passed() || Thread.currentThread().isInterrupted();
  }
}
