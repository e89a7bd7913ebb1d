package io.capstan.git;

import java.util.Arrays;

/**
 * A checked-out commit with everything needed to report and verify it.
 *
 * @param hash the commit's 40-hex SHA-1
 * @param reference the full reference it was reached through ({@code refs/heads/main}, {@code
 *     refs/tags/v1.0.0}, {@code refs/pull/1/head}), or {@code null} for a bare commit
 * @param author the author
 * @param committer the committer
 * @param message the full commit message
 * @param signature the armored commit signature, or {@code null} when unsigned
 * @param signedPayload the exact bytes the signature covers: the raw commit object without its
 *     {@code gpgsig} header
 * @param tag the annotated tag the commit was reached through, or {@code null}
 */
public record Commit(
    String hash,
    String reference,
    GitIdentity author,
    GitIdentity committer,
    String message,
    String signature,
    byte[] signedPayload,
    AnnotatedTag tag) {

  /** Copies the payload so the record stays immutable. */
  public Commit {
    signedPayload = signedPayload == null ? new byte[0] : signedPayload.clone();
  }

  /** The signed bytes (a copy). */
  @Override
  public byte[] signedPayload() {
    return signedPayload.clone();
  }

  /** Whether the commit carries a signature. */
  public boolean isSigned() {
    return signature != null && !signature.isBlank();
  }

  /** The short revision, e.g. {@code main@sha1:<hex>}; see {@link Revision#shortForm}. */
  public String shortRevision() {
    return Revision.shortForm(reference, hash);
  }

  /** The absolute revision, e.g. {@code refs/heads/main@sha1:<hex>}. */
  public String absoluteRevision() {
    return Revision.absoluteForm(reference, hash);
  }

  /** The first line of the message, cut to 50 characters as Flux's ShortMessage. */
  public String shortMessage() {
    String subject = message == null ? "" : message.split("\n", 2)[0];
    int[] cps = subject.codePoints().toArray();
    return cps.length > 50 ? new String(cps, 0, 50) + "..." : subject;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Commit c
        && hash.equals(c.hash)
        && java.util.Objects.equals(reference, c.reference)
        && Arrays.equals(signedPayload, c.signedPayload)
        && java.util.Objects.equals(tag, c.tag);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Commit[" + absoluteRevision() + "]";
  }
}
