package io.capstan.git;

import java.util.List;

/**
 * A successful verification: which objects were verified with which key, and the message Flux puts
 * on the {@code SourceVerified=True} condition.
 *
 * @param mode the mode that was applied
 * @param verified one entry per verified object, tag first
 */
public record Verification(VerificationMode mode, List<Verified> verified) {

  /**
   * One verified object.
   *
   * @param object {@code "tag"} or {@code "commit"}
   * @param name the tag as {@code <name>@<hash>}, or the commit hash
   * @param keyId the PGP primary key ID (16 upper-case hex digits) or SSH key fingerprint ({@code
   *     SHA256:...}) that verified it
   */
  public record Verified(String object, String name, String keyId) {}

  /** Copies the list. */
  public Verification {
    verified = List.copyOf(verified);
  }

  /** {@code verified signature of\n\t- tag '...' with key '...'\n\t- commit '...' with key ...}. */
  public String message() {
    StringBuilder sb = new StringBuilder("verified signature of");
    for (Verified v : verified) {
      sb.append("\n\t- ")
          .append(v.object())
          .append(" '")
          .append(v.name())
          .append("' with key '")
          .append(v.keyId())
          .append("'");
    }
    return sb.toString();
  }
}
