package io.capstan.image.policy;

/**
 * A policy that cannot be built (an invalid range or pattern: {@link #invalidSpec()} is true, the
 * object needs a spec change) or cannot choose a tag from the tags it was given.
 */
public final class PolicyException extends Exception {

  private final boolean invalidSpec;

  private PolicyException(String message, boolean invalidSpec) {
    super(message);
    this.invalidSpec = invalidSpec;
  }

  /** The spec is invalid: retrying without a change cannot help. */
  public static PolicyException invalidSpec(String message) {
    return new PolicyException(message, true);
  }

  /** The tags given do not allow a choice (none matched, an unparsable number). */
  public static PolicyException noChoice(String message) {
    return new PolicyException(message, false);
  }

  /** Whether the spec itself is invalid. */
  public boolean invalidSpec() {
    return invalidSpec;
  }
}
