package io.capstan.api.image.v1;

/** When an ImagePolicy records the digest of the selected image in {@code status.latestRef}. */
public enum DigestReflectionPolicy {
  /** Resolve the digest of the selected image on every reconciliation ({@code spec.interval}). */
  Always,
  /**
   * Resolve the digest only when none is recorded for the selected image; a recorded digest is not
   * refreshed while the selected image stays the same.
   */
  IfNotPresent,
  /** Never record a digest; the field stays empty. */
  Never
}
