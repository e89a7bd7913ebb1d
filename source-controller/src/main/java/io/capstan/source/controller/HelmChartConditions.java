package io.capstan.source.controller;

import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.source.helmchart.ChartBuildException;
import java.util.HashSet;
import java.util.Set;

/**
 * The condition types and reasons a HelmChart reports, with Flux's names, and the table from which
 * {@code Ready} is derived (Flux's {@code helmChartReadyCondition}: StorageOperationFailed,
 * FetchFailed, BuildFailed, ArtifactOutdated, then ArtifactInStorage and SourceVerified). The types
 * shared by every source kind are in {@link SourceConditions}.
 */
public final class HelmChartConditions {

  /** True when the chart could not be built (values files, dependencies, packaging). */
  public static final String BUILD_FAILED = "BuildFailed";

  /** Success reasons, as Flux's {@code sourcev1} constants. */
  public static final String CHART_PULL_SUCCEEDED = "ChartPullSucceeded";

  public static final String CHART_PACKAGE_SUCCEEDED = "ChartPackageSucceeded";

  /** Reasons of a missing or unusable source. */
  public static final String SOURCE_UNAVAILABLE = "SourceUnavailable";

  public static final String UNSUPPORTED_SOURCE_KIND = "UnsupportedSourceKind";
  public static final String NO_SOURCE_ARTIFACT = "NoSourceArtifact";

  /** ArtifactOutdated reason: a new chart name or version is being built. */
  public static final String NEW_CHART = "NewChart";

  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String URL_INVALID = "URLInvalid";
  public static final String READ_OPERATION_FAILED = "ReadOperationFailed";
  public static final String ARCHIVE_OPERATION_FAILED = "ArchiveOperationFailed";
  public static final String GARBAGE_COLLECTION_FAILED = "GarbageCollectionFailed";
  public static final String INVALID_PROVIDER_CONFIGURATION = "InvalidProviderConfiguration";

  /** Stalling reason: {@code spec.verify} is set but not implemented by Capstan yet. */
  public static final String VERIFICATION_NOT_SUPPORTED = "VerificationNotSupported";

  /** Every reason this controller may write into a HelmChart condition. */
  public static final Set<String> REASONS = reasons();

  private HelmChartConditions() {}

  private static Set<String> reasons() {
    Set<String> s =
        new HashSet<>(
            Set.of(
                "Succeeded",
                "Progressing",
                "ProgressingWithRetry",
                "Failed",
                CHART_PULL_SUCCEEDED,
                CHART_PACKAGE_SUCCEEDED,
                SOURCE_UNAVAILABLE,
                UNSUPPORTED_SOURCE_KIND,
                NO_SOURCE_ARTIFACT,
                NEW_CHART,
                AUTHENTICATION_FAILED,
                URL_INVALID,
                READ_OPERATION_FAILED,
                ARCHIVE_OPERATION_FAILED));
    s.add(GARBAGE_COLLECTION_FAILED);
    s.add(INVALID_PROVIDER_CONFIGURATION);
    s.add(VERIFICATION_NOT_SUPPORTED);
    for (ChartBuildException.Reason r : ChartBuildException.Reason.values()) {
      s.add(r.reason());
    }
    return Set.copyOf(s);
  }

  /** The Ready table: Flux's summarize order and polarities for HelmChart. */
  public static ConditionTable table() {
    return SourceConditions.table(true, BUILD_FAILED);
  }
}
