package io.capstan.source.controller;

import io.capstan.api.meta.Reasons;
import io.capstan.git.GitException;
import io.capstan.git.VerificationException;
import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons a GitRepository reports, with Flux's names, and the table from
 * which {@code Ready} is derived (Flux's {@code gitRepositoryReadyCondition}: problems first, in
 * this priority, then the positive conditions).
 */
public final class GitRepositoryConditions {

  /** True while the artifact cannot be written, archived or an include cannot be copied. */
  public static final String STORAGE_OPERATION_FAILED = "StorageOperationFailed";

  /** True when the last fetch from the remote failed. */
  public static final String FETCH_FAILED = "FetchFailed";

  /** True when an included GitRepository is missing or has no artifact. */
  public static final String INCLUDE_UNAVAILABLE = "IncludeUnavailable";

  /** True while the stored artifact is older than the upstream revision or includes. */
  public static final String ARTIFACT_OUTDATED = "ArtifactOutdated";

  /** True when the artifact in {@code status.artifact} exists in storage. */
  public static final String ARTIFACT_IN_STORAGE = "ArtifactInStorage";

  /** Result of {@code spec.verify}: True when the signatures verified. */
  public static final String SOURCE_VERIFIED = "SourceVerified";

  /**
   * Reasons, as Flux's {@code sourcev1} constants (the Git ones are defined where the Git transport
   * raises them, {@link GitException} and {@link VerificationException}).
   */
  public static final String AUTHENTICATION_FAILED = GitException.AUTHENTICATION_FAILED;

  public static final String GIT_OPERATION_FAILED = GitException.GIT_OPERATION_FAILED;
  public static final String GIT_OPERATION_SUCCEEDED = "GitOperationSucceed";
  public static final String URL_INVALID = "URLInvalid";
  public static final String INVALID_PROVIDER_CONFIGURATION = "InvalidProviderConfiguration";
  public static final String NEW_REVISION = "NewRevision";
  public static final String INCLUDE_CHANGE = "IncludeChange";
  public static final String NOT_FOUND = "NotFound";
  public static final String NO_ARTIFACT = "NoArtifact";
  public static final String COPY_FAILURE = "CopyFailure";
  public static final String ILLEGAL_PATH = "IllegalPath";
  public static final String ARCHIVE_OPERATION_FAILED = "ArchiveOperationFailed";
  public static final String STAT_OPERATION_FAILED = "StatOperationFailed";
  public static final String GARBAGE_COLLECTION_FAILED = "GarbageCollectionFailed";
  public static final String VERIFICATION_ERROR = "VerificationError";
  public static final String EMPTY_GIT_REPOSITORY = "EmptyGitRepository";

  /** Event reason: the stored artifact failed its integrity check and is rebuilt. */
  public static final String ARTIFACT_VERIFICATION_FAILED = "ArtifactVerificationFailed";

  /** Every reason this controller may write into a condition (for status contract checks). */
  public static final Set<String> REASONS =
      Set.of(
          Reasons.SUCCEEDED,
          Reasons.PROGRESSING,
          Reasons.PROGRESSING_WITH_RETRY,
          Reasons.FAILED,
          AUTHENTICATION_FAILED,
          GIT_OPERATION_FAILED,
          GIT_OPERATION_SUCCEEDED,
          URL_INVALID,
          INVALID_PROVIDER_CONFIGURATION,
          NEW_REVISION,
          INCLUDE_CHANGE,
          NOT_FOUND,
          NO_ARTIFACT,
          COPY_FAILURE,
          ILLEGAL_PATH,
          ARCHIVE_OPERATION_FAILED,
          STAT_OPERATION_FAILED,
          GARBAGE_COLLECTION_FAILED,
          VERIFICATION_ERROR,
          EMPTY_GIT_REPOSITORY,
          VerificationException.INVALID_COMMIT_SIGNATURE,
          VerificationException.INVALID_TAG_SIGNATURE,
          VerificationException.INVALID_GIT_OBJECT,
          VerificationException.INVALID_VERIFICATION_MODE);

  private GitRepositoryConditions() {}

  /** The Ready table: Flux's summarize order and polarities for GitRepository. */
  public static ConditionTable table() {
    return SourceConditions.table(true, INCLUDE_UNAVAILABLE);
  }

  /** Flux's message for a stored artifact, used by ArtifactInStorage and Ready. */
  public static String storedArtifact(String revision) {
    return "stored artifact for revision '" + revision + "'";
  }
}
