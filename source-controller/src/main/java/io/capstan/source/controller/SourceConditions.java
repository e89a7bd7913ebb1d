package io.capstan.source.controller;

import io.capstan.runtime.conditions.ConditionTable;

/**
 * The condition types and reasons every artifact-producing source kind shares, with Flux's names,
 * and the common shape of their {@code Ready} table (Flux's {@code *ReadyCondition} summarize
 * order: problems first, then the positive conditions). Each kind's conditions class re-exports
 * these under its own name and adds its own.
 */
public final class SourceConditions {

  /** True while the artifact cannot be written or archived. */
  public static final String STORAGE_OPERATION_FAILED = "StorageOperationFailed";

  /** True when the last fetch from upstream failed. */
  public static final String FETCH_FAILED = "FetchFailed";

  /** True while the stored artifact is older than the upstream revision. */
  public static final String ARTIFACT_OUTDATED = "ArtifactOutdated";

  /** True when the artifact in {@code status.artifact} exists in storage. */
  public static final String ARTIFACT_IN_STORAGE = "ArtifactInStorage";

  /** Result of {@code spec.verify}: True when the signature verified. */
  public static final String SOURCE_VERIFIED = "SourceVerified";

  /** Reasons shared by every source kind, as Flux's {@code sourcev1} constants. */
  public static final String NEW_REVISION = "NewRevision";

  public static final String ARCHIVE_OPERATION_FAILED = "ArchiveOperationFailed";
  public static final String GARBAGE_COLLECTION_FAILED = "GarbageCollectionFailed";

  /** Event reason: the stored artifact failed its integrity check and is rebuilt. */
  public static final String ARTIFACT_VERIFICATION_FAILED = "ArtifactVerificationFailed";

  private SourceConditions() {}

  /**
   * The Ready table of a source kind: {@code StorageOperationFailed}, {@code FetchFailed}, then
   * {@code kindProblems} in order, then {@code ArtifactOutdated} (negative), {@code
   * ArtifactInStorage} (positive) and, when the kind verifies signatures, {@code SourceVerified}.
   */
  static ConditionTable table(boolean sourceVerified, String... kindProblems) {
    ConditionTable.Builder b =
        ConditionTable.builder().negative(STORAGE_OPERATION_FAILED).negative(FETCH_FAILED);
    for (String problem : kindProblems) {
      b.negative(problem);
    }
    b.negative(ARTIFACT_OUTDATED).positive(ARTIFACT_IN_STORAGE);
    if (sourceVerified) {
      b.positive(SOURCE_VERIFIED);
    }
    return b.build();
  }
}
