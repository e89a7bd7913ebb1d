package io.capstan.image.automation.controller;

import io.capstan.api.meta.Reasons;
import io.capstan.runtime.conditions.ConditionTable;

/**
 * ImageUpdateAutomation's condition reasons, Flux's {@code api/v1/condition_types.go}; like Flux,
 * only {@code Ready} (with {@code Reconciling}/{@code Stalled}) is summarized.
 */
public final class ImageUpdateAutomationConditions {

  /** {@code spec.update} names no strategy Capstan supports (only {@code Setters}): stalls. */
  public static final String INVALID_UPDATE_STRATEGY = "InvalidUpdateStrategy";

  /** The source cannot be used as configured (kind, missing {@code spec.git}, push): stalls. */
  public static final String INVALID_SOURCE_CONFIG = "InvalidSourceConfiguration";

  /** The GitRepository or its Secrets could not be read or are not usable. */
  public static final String SOURCE_MANAGER_FAILED = "SourceManagerFailed";

  /** Clone, fetch, commit (signing included) or push failed. */
  public static final String GIT_OPERATION_FAILED = "GitOperationFailed";

  /** Applying the policies to the files failed, or a marker names no usable policy. */
  public static final String UPDATE_FAILED = "UpdateFailed";

  /** {@code spec.policySelector} is not a valid label selector: stalls. */
  public static final String INVALID_POLICY_SELECTOR = "InvalidPolicySelector";

  /** The commit message template uses a field Flux v1 removed ({@code .Updated}): stalls. */
  public static final String REMOVED_TEMPLATE_FIELD = "RemovedTemplateField";

  /** A cross-namespace GitRepository with {@code --no-cross-namespace-refs}: stalls. */
  public static final String ACCESS_DENIED = Reasons.ACCESS_DENIED;

  /** Ready's message after a successful run, as Flux. */
  public static final String READY_MESSAGE = "repository up-to-date";

  private ImageUpdateAutomationConditions() {}

  /** Only Ready. */
  public static ConditionTable table() {
    return ConditionTable.builder().build();
  }
}
