package io.capstan.source.controller;

import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons a Bucket reports, with Flux's names, and the table from which
 * {@code Ready} is derived (Flux's {@code bucketReadyCondition}: problems first, in this priority,
 * then the positive condition). The types shared by every source kind are in {@link
 * SourceConditions}.
 */
public final class BucketConditions {

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
    return SourceConditions.table(false);
  }

  /** Flux's message for a stored Bucket artifact, used by ArtifactInStorage and Ready. */
  public static String storedArtifact(String revision) {
    return "stored artifact: revision '" + revision + "'";
  }
}
