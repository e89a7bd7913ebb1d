package io.capstan.git;

/**
 * What {@code spec.verify.mode} asks to verify: the HEAD commit, the tag object, or both. Parses
 * Flux's spellings {@code HEAD}, {@code head} (legacy), {@code Tag} and {@code TagAndHEAD}.
 */
public enum VerificationMode {
  HEAD("HEAD"),
  TAG("Tag"),
  TAG_AND_HEAD("TagAndHEAD");

  private final String fluxName;

  VerificationMode(String fluxName) {
    this.fluxName = fluxName;
  }

  /**
   * Reads a mode as written in a GitRepository; {@code null} or blank means Flux's default, HEAD.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static VerificationMode parse(String value) {
    if (value == null || value.isBlank()) {
      return HEAD;
    }
    return switch (value) {
      case "HEAD", "head" -> HEAD;
      case "Tag" -> TAG;
      case "TagAndHEAD" -> TAG_AND_HEAD;
      default -> throw new IllegalArgumentException("unknown verification mode '" + value + "'");
    };
  }

  /** The spelling Flux reports in {@code status.sourceVerificationMode}. */
  public String fluxName() {
    return fluxName;
  }

  /** Whether the tag object's signature is checked. */
  public boolean verifiesTag() {
    return this != HEAD;
  }

  /** Whether the commit's signature is checked. */
  public boolean verifiesHead() {
    return this != TAG;
  }
}
