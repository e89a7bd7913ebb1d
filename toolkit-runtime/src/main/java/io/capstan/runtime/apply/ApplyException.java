package io.capstan.runtime.apply;

import java.util.List;

/**
 * An apply that did not complete. The message names every failing object as {@code
 * Kind/namespace/name} with the API server's message; {@link #changeSet()} holds what was done
 * before the failure (empty when the dry-run failed, since then nothing was applied).
 */
public final class ApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ChangeSet changeSet;
  private final List<String> failures;

  ApplyException(List<String> failures, ChangeSet changeSet) {
    super(String.join("\n", failures));
    this.failures = List.copyOf(failures);
    this.changeSet = changeSet;
  }

  /** One message per failing object. */
  public List<String> failures() {
    return failures;
  }

  /** What was applied before the failure. */
  public ChangeSet changeSet() {
    return changeSet;
  }
}
