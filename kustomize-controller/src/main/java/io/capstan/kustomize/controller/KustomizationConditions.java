package io.capstan.kustomize.controller;

import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.Reasons;
import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons a Kustomization reports, with Flux's names (its {@code
 * kustomize/v1} constants and the shared ones of {@code apis/meta}, here {@link ConditionTypes} and
 * {@link Reasons}), and the table from which {@code Ready} is derived.
 */
public final class KustomizationConditions {

  /** A failed {@code kustomize build} or post-build substitution. */
  public static final String BUILD_FAILED = "BuildFailed";

  /** A failed garbage collection of objects removed from the source. */
  public static final String PRUNE_FAILED = "PruneFailed";

  /**
   * Flux's {@code DecryptionFailed} reason. Flux declares it but reports decryption failures as
   * {@code BuildFailed} (they happen inside the build), and so does this controller: it is not in
   * {@link #REASONS}.
   */
  public static final String DECRYPTION_FAILED = "DecryptionFailed";

  /** Flux's prefix of a terminal configuration error. */
  /** Flux's {@code Ready=Unknown} message once the source and dependencies are there. */
  public static final String IN_PROGRESS = "Reconciliation in progress";

  public static final String TERMINAL_MESSAGE =
      "Reconciliation failed terminally due to configuration error: ";

  /** Every reason this controller may write into a condition (for status contract checks). */
  public static final Set<String> REASONS =
      Set.of(
          Reasons.SUCCEEDED,
          Reasons.FAILED,
          Reasons.PROGRESSING,
          Reasons.PROGRESSING_WITH_RETRY,
          Reasons.DEPENDENCY_NOT_READY,
          Reasons.RECONCILIATION_SUCCEEDED,
          Reasons.RECONCILIATION_FAILED,
          Reasons.ARTIFACT_FAILED,
          Reasons.HEALTH_CHECK_FAILED,
          Reasons.INVALID_CEL_EXPRESSION,
          Reasons.INVALID_SPEC,
          Reasons.ACCESS_DENIED,
          BUILD_FAILED,
          PRUNE_FAILED);

  private KustomizationConditions() {}

  /**
   * The Ready table: besides Ready/Reconciling/Stalled, a Kustomization reports {@code Healthy}.
   */
  public static ConditionTable table() {
    return ConditionTable.builder().positive(ConditionTypes.HEALTHY).build();
  }
}
