package io.capstan.git;

import java.nio.file.Path;

/**
 * What a {@link GitCheckout} produced: either a full checkout on disk, or the finding that the
 * remote still points at the last observed commit, in which case nothing was fetched.
 */
public sealed interface CheckoutResult {

  /** The revision in Flux's format, e.g. {@code main@sha1:<hex>}. */
  String revision();

  /** The commit hash the reference resolved to. */
  String hash();

  /**
   * The working tree of {@code commit} was written to {@code directory}.
   *
   * @param commit the checked-out commit, with signature data and its annotated tag if any
   * @param revision the revision string in Flux's format
   * @param directory where the files are
   */
  record Checkout(Commit commit, String revision, Path directory) implements CheckoutResult {
    @Override
    public String hash() {
      return commit.hash();
    }
  }

  /**
   * The reference still points at the last observed commit; no objects were fetched and the
   * directory was left untouched (Flux's "partial commit").
   *
   * @param hash the commit hash the remote advertises
   * @param reference the full reference name that was compared
   * @param revision the revision string in Flux's format
   */
  record Unchanged(String hash, String reference, String revision) implements CheckoutResult {}
}
