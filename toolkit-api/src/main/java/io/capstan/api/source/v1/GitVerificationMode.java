package io.capstan.api.source.v1;

/**
 * Which Git objects a {@link GitRepository} verifies the signature of. {@code head} is a legacy
 * spelling of {@code HEAD} with the same meaning.
 */
public enum GitVerificationMode {
  /** Same as {@link #HEAD}; kept for backwards compatibility. */
  head,
  /** The commit HEAD points to after checkout. */
  HEAD,
  /** The annotated tag that was checked out. */
  Tag,
  /** Both the checked-out tag and the commit it points to. */
  TagAndHEAD
}
