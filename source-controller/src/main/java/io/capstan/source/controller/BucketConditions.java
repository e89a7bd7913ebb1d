package io.capstan.source.controller;

import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons a Bucket reports, with Flux's names, and the table from which
 * {@code Ready} is derived (Flux's {@code bucketReadyCondition}: problems first, in this priority,
 * then the positive condition).
 */
public final class BucketConditions {

  /** True while the artifact cannot be written or archived. */
  public static final String STORAGE_OPERATION_FAILED = "StorageOperationFailed";

  /** True when the last fetch from the bucket failed. */
  public static final String FETCH_FAILED = "FetchFailed";

  /** True while the stored artifact is older than the bucket's revision. */
  public static final String ARTIFACT_OUTDATED = "ArtifactOutdated";

  /** True when the artifact in {@code status.artifact} exists in storage. */
  public static final String ARTIFACT_IN_STORAGE = "ArtifactInStorage";

  /** Reasons, as Flux's {@code sourcev1}/{@code bucketv1} constants. */
  public static final String BUCKET_OPERATION_FAILED = "BucketOperationFailed";

  public static final String BUCKET_OPERATION_SUCCEEDED = "BucketOperationSucceeded";
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String CLIENT_ERROR = "ClientError";
  public static final String INVALID_STS_CONFIGURATION = "InvalidSTSConfiguration";
  public static final String INVALID_PROVIDER_CONFIGURATION = "InvalidProviderConfiguration";
  public static final String URL_INVALID = "URLInvalid";
  public static final String NEW_REVISION = "NewRevision";
  public static final String ARCHIVE_OPERATION_FAILED = "ArchiveOperationFailed";
  public static final String GARBAGE_COLLECTION_FAILED = "GarbageCollectionFailed";

  /** Every reason this controller may write into a Bucket condition. */
  public static final Set<String> REASONS =
      Set.of(
          "Succeeded",
          "Progressing",
          "ProgressingWithRetry",
          "Failed",
          BUCKET_OPERATION_FAILED,
          BUCKET_OPERATION_SUCCEEDED,
          AUTHENTICATION_FAILED,
          CLIENT_ERROR,
          INVALID_STS_CONFIGURATION,
          INVALID_PROVIDER_CONFIGURATION,
          URL_INVALID,
          NEW_REVISION,
          ARCHIVE_OPERATION_FAILED,
          GARBAGE_COLLECTION_FAILED);

  private BucketConditions() {}

  /** The Ready table: Flux's summarize order and polarities for Bucket. */
  public static ConditionTable table() {
    return ConditionTable.builder()
        .negative(STORAGE_OPERATION_FAILED)
        .negative(FETCH_FAILED)
        .negative(ARTIFACT_OUTDATED)
        .positive(ARTIFACT_IN_STORAGE)
        .build();
  }

  /** Flux's message for a stored Bucket artifact, used by ArtifactInStorage and Ready. */
  public static String storedArtifact(String revision) {
    return "stored artifact: revision '" + revision + "'";
  }
}
