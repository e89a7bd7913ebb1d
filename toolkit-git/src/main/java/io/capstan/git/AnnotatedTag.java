package io.capstan.git;

import java.util.Arrays;

/**
 * An annotated tag object that points at a checked-out commit.
 *
 * @param hash the tag object's own hash (not the commit's)
 * @param name the tag's short name, e.g. {@code v1.2.3}
 * @param tagger who created the tag, or {@code null} when the object records nobody
 * @param message the tag message without its signature
 * @param signature the armored signature ({@code -----BEGIN PGP SIGNATURE-----} or {@code
 *     -----BEGIN SSH SIGNATURE-----}), or {@code null} when the tag is not signed
 * @param signedPayload the exact bytes the signature covers (the raw tag object without its
 *     signature)
 */
public record AnnotatedTag(
    String hash,
    String name,
    GitIdentity tagger,
    String message,
    String signature,
    byte[] signedPayload) {

  /** Copies the payload so the record stays immutable. */
  public AnnotatedTag {
    signedPayload = signedPayload == null ? new byte[0] : signedPayload.clone();
  }

  /** The signed bytes (a copy). */
  @Override
  public byte[] signedPayload() {
    return signedPayload.clone();
  }

  /** Whether the tag carries a signature. */
  public boolean isSigned() {
    return signature != null && !signature.isBlank();
  }

  /** {@code <name>@<hash>}, the form Flux uses in verification messages. */
  @Override
  public String toString() {
    return name + "@" + hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnnotatedTag t
        && hash.equals(t.hash)
        && name.equals(t.name)
        && Arrays.equals(signedPayload, t.signedPayload);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }
}
