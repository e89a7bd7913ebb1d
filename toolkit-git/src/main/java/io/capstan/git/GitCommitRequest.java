package io.capstan.git;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What {@link GitWorkspace#commit} writes: author (also the committer, as Flux's image automation
 * does), message, and an optional OpenPGP or SSH signer.
 *
 * @param authorName the author's name ({@code spec.git.commit.author.name})
 * @param authorEmail the author's email ({@code spec.git.commit.author.email})
 * @param message the full commit message
 * @param signer signs the commit when not {@code null}
 * @param zone the time zone recorded with the commit time (UTC by default)
 */
public record GitCommitRequest(
    String authorName, String authorEmail, String message, CommitSigner signer, ZoneId zone) {

  /** Validates the parts. */
  public GitCommitRequest {
    Objects.requireNonNull(authorName, "authorName");
    Objects.requireNonNull(authorEmail, "authorEmail");
    Objects.requireNonNull(message, "message");
    if (authorName.isBlank() || authorEmail.isBlank()) {
      throw new IllegalArgumentException("the commit author needs a name and an email");
    }
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  /** An unsigned commit in UTC. */
  public static GitCommitRequest of(String authorName, String authorEmail, String message) {
    return new GitCommitRequest(authorName, authorEmail, message, null, ZoneOffset.UTC);
  }

  /** The same commit signed by {@code signer}. */
  public GitCommitRequest signedBy(CommitSigner signer) {
    return new GitCommitRequest(authorName, authorEmail, message, signer, zone);
  }
}
