package io.capstan.image.controller;

import io.capstan.runtime.conditions.ConditionTable;

/**
 * ImageRepository's condition reasons with Flux's names; its only summarized condition is {@code
 * Ready} (with {@code Reconciling}/{@code Stalled}), as in Flux.
 */
public final class ImageRepositoryConditions {

  /** {@code spec.image} cannot be parsed, or names a tag or digest. */
  public static final String IMAGE_URL_INVALID = "ImageURLInvalid";

  /** The registry could not be read (unreachable, not found, protocol error). */
  public static final String READ_OPERATION_FAILED = "ReadOperationFailed";

  /** The registry refused the credentials, or a credentials Secret is missing or invalid. */
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";

  /** {@code spec.provider} other than {@code generic}: cloud workload identity (later issue). */
  public static final String FEATURE_NOT_SUPPORTED = "FeatureNotSupported";

  /** An {@code exclusionList} pattern does not compile, or another spec value is invalid. */
  public static final String INVALID_SPEC = io.capstan.api.meta.Reasons.INVALID_SPEC;

  private ImageRepositoryConditions() {}

  /** Only Ready: no other condition types of the kind. */
  public static ConditionTable table() {
    return ConditionTable.builder().build();
  }
}
