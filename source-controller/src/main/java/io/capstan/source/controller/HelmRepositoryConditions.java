package io.capstan.source.controller;

import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons a HelmRepository reports, with Flux's names, and the table from
 * which {@code Ready} is derived (Flux's {@code helmRepositoryReadyCondition}: {@code
 * StorageOperationFailed}, {@code FetchFailed}, {@code ArtifactOutdated}, then {@code
 * ArtifactInStorage}). The types shared by every source kind are in {@link SourceConditions}.
 */
public final class HelmRepositoryConditions {

  /** Reasons, as Flux's {@code sourcev1} constants. */
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";

  public static final String INDEXATION_FAILED = "IndexationFailed";
  public static final String URL_INVALID = "URLInvalid";

  /** Capstan's reason for an OCI {@code provider} other than {@code generic} (not supported). */
  public static final String INVALID_PROVIDER_CONFIGURATION = "InvalidProviderConfiguration";

  /** Every reason this controller may write into a HelmRepository condition. */
  public static final Set<String> REASONS =
      Set.of(
          "Succeeded",
          "Progressing",
          "ProgressingWithRetry",
          "Failed",
          AUTHENTICATION_FAILED,
          INDEXATION_FAILED,
          URL_INVALID,
          INVALID_PROVIDER_CONFIGURATION,
          SourceConditions.NEW_REVISION,
          SourceConditions.ARCHIVE_OPERATION_FAILED,
          SourceConditions.GARBAGE_COLLECTION_FAILED);

  private HelmRepositoryConditions() {}

  /** The Ready table: Flux's summarize order and polarities for HelmRepository. */
  public static ConditionTable table() {
    return SourceConditions.table(false);
  }

  /** Flux's message for a stored index artifact, used by ArtifactInStorage and Ready. */
  public static String storedArtifact(String revision) {
    return "stored artifact: revision '" + revision + "'";
  }
}
