package io.capstan.source.controller;

import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons an OCIRepository reports, with Flux's names, and the table from
 * which {@code Ready} is derived (Flux's {@code ociRepositoryReadyCondition}: problems first, in
 * this priority, then the positive conditions).
 */
public final class OCIRepositoryConditions {

  /** True while the artifact cannot be written or archived. */
  public static final String STORAGE_OPERATION_FAILED = "StorageOperationFailed";

  /** True when the last pull from the registry failed. */
  public static final String FETCH_FAILED = "FetchFailed";

  /** True while the stored artifact is older than the upstream revision. */
  public static final String ARTIFACT_OUTDATED = "ArtifactOutdated";

  /** True when the artifact in {@code status.artifact} exists in storage. */
  public static final String ARTIFACT_IN_STORAGE = "ArtifactInStorage";

  /** Result of {@code spec.verify}: True when the signature verified. */
  public static final String SOURCE_VERIFIED = "SourceVerified";

  /** Reasons, as Flux's {@code sourcev1} constants. */
  public static final String OCI_PULL_FAILED = "OCIArtifactPullFailed";

  public static final String OCI_LAYER_OPERATION_FAILED = "OCIArtifactLayerOperationFailed";
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String URL_INVALID = "URLInvalid";
  public static final String INVALID_PROVIDER_CONFIGURATION = "InvalidProviderConfiguration";
  public static final String NEW_REVISION = "NewRevision";
  public static final String ARCHIVE_OPERATION_FAILED = "ArchiveOperationFailed";
  public static final String GARBAGE_COLLECTION_FAILED = "GarbageCollectionFailed";
  public static final String VERIFICATION_ERROR = "VerificationError";
  public static final String READ_OPERATION_FAILED = "ReadOperationFailed";

  /** Every reason this controller may write into a condition (for status contract checks). */
  public static final Set<String> REASONS =
      Set.of(
          "Succeeded",
          "Progressing",
          "ProgressingWithRetry",
          "Failed",
          OCI_PULL_FAILED,
          OCI_LAYER_OPERATION_FAILED,
          AUTHENTICATION_FAILED,
          URL_INVALID,
          INVALID_PROVIDER_CONFIGURATION,
          NEW_REVISION,
          ARCHIVE_OPERATION_FAILED,
          GARBAGE_COLLECTION_FAILED,
          VERIFICATION_ERROR,
          READ_OPERATION_FAILED);

  private OCIRepositoryConditions() {}

  /** The Ready table: Flux's summarize order and polarities for OCIRepository. */
  public static ConditionTable table() {
    return ConditionTable.builder()
        .negative(STORAGE_OPERATION_FAILED)
        .negative(FETCH_FAILED)
        .negative(ARTIFACT_OUTDATED)
        .positive(ARTIFACT_IN_STORAGE)
        .positive(SOURCE_VERIFIED)
        .build();
  }

  /** Flux's message for a stored OCI artifact, used by ArtifactInStorage and Ready. */
  public static String storedArtifact(String revision) {
    return "stored artifact for digest '" + revision + "'";
  }
}
