package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;

/**
 * Upgrades an existing release to a chart and values ({@code helm upgrade}). Build with {@link
 * #builder}.
 *
 * @param options what upgrade shares with install (CRDs default to {@link CrdPolicy#SKIP}, as
 *     Flux's upgrade)
 * @param force replace objects (delete + create) instead of applying
 * @param cleanupOnFail delete the objects this upgrade created if it fails
 * @param preserveValues Helm's {@code --reuse-values}: merge the values over the last release's
 * @param resetValues Helm's {@code --reset-values}: only the chart's defaults and the values
 * @param maxHistory revisions to keep (0: unlimited)
 */
public record UpgradeRequest(
    ReleaseOptions options,
    boolean force,
    boolean cleanupOnFail,
    boolean preserveValues,
    boolean resetValues,
    int maxHistory) {

  /** A builder with Helm's defaults (5m, no wait, hooks on, CRDs skipped, unlimited history). */
  public static Builder builder(String releaseName, String namespace, Chart chart) {
    return new Builder(releaseName, namespace, chart);
  }

  /** Fluent builder. */
  public static final class Builder extends ReleaseOptions.Builder<Builder> {
    private boolean force;
    private boolean cleanupOnFail;
    private boolean preserveValues;
    private boolean resetValues;
    private int maxHistory;

    private Builder(String releaseName, String namespace, Chart chart) {
      super(releaseName, namespace, chart, CrdPolicy.SKIP);
    }

    public Builder force(boolean v) {
      force = v;
      return this;
    }

    public Builder cleanupOnFail(boolean v) {
      cleanupOnFail = v;
      return this;
    }

    public Builder preserveValues(boolean v) {
      preserveValues = v;
      return this;
    }

    public Builder resetValues(boolean v) {
      resetValues = v;
      return this;
    }

    public Builder maxHistory(int v) {
      maxHistory = v;
      return this;
    }

    public UpgradeRequest build() {
      return new UpgradeRequest(
          options(), force, cleanupOnFail, preserveValues, resetValues, maxHistory);
    }
  }
}
