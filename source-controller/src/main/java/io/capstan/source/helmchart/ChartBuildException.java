package io.capstan.source.helmchart;

/**
 * A chart build that failed, with Flux's build error reason ({@code
 * internal/helm/chart/errors.go}): the message is {@code "<summary>: <cause>"}, as Flux's {@code
 * BuildError.Error()}.
 */
public final class ChartBuildException extends Exception {

  /** Flux's {@code BuildErrorReason}s: the condition reason and the human summary. */
  public enum Reason {
    CHART_REFERENCE("InvalidChartReference", "invalid chart reference", true),
    CHART_PULL("ChartPullError", "chart pull error", false),
    CHART_METADATA_PATCH("MetadataPatchError", "chart metadata patch error", true),
    VALUES_FILES_MERGE("ValuesFilesError", "values files merge error", true),
    DEPENDENCY_BUILD("DependencyBuildError", "dependency build error", false),
    CHART_PACKAGE("ChartPackageError", "chart package error", false),
    CHART_VERIFICATION("ChartVerificationError", "chart verification error", false),
    UNKNOWN("Unknown", "unknown build error", false);

    private final String reason;
    private final String summary;
    private final boolean persistent;

    Reason(String reason, String summary, boolean persistent) {
      this.reason = reason;
      this.summary = summary;
      this.persistent = persistent;
    }

    /** The condition reason, e.g. {@code ValuesFilesError}. */
    public String reason() {
      return reason;
    }

    /** The prefix of the error message, e.g. {@code values files merge error}. */
    public String summary() {
      return summary;
    }

    /**
     * True when only a spec change can fix it (Flux's {@code IsPersistentBuildErrorReason}): the
     * object stalls instead of retrying.
     */
    public boolean persistent() {
      return persistent;
    }

    /**
     * True when Flux reports it as {@code BuildFailed} (metadata patch, values files, dependency
     * build, package, verification); the others are {@code FetchFailed}.
     */
    public boolean buildFailure() {
      return this == CHART_METADATA_PATCH
          || this == VALUES_FILES_MERGE
          || this == DEPENDENCY_BUILD
          || this == CHART_PACKAGE
          || this == CHART_VERIFICATION;
    }
  }

  private final Reason reason;

  /** A failure for {@code reason} caused by {@code detail} (the message after the summary). */
  public ChartBuildException(Reason reason, String detail) {
    super(reason.summary() + ": " + detail);
    this.reason = reason;
  }

  /** As {@link #ChartBuildException(Reason, String)}, keeping the cause. */
  public ChartBuildException(Reason reason, String detail, Throwable cause) {
    super(reason.summary() + ": " + detail, cause);
    this.reason = reason;
  }

  /** Why the build failed. */
  public Reason reason() {
    return reason;
  }
}
