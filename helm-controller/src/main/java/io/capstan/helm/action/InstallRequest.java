package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;

/**
 * Installs a chart as a new release ({@code helm install}). Build with {@link #builder}.
 *
 * @param options what install shares with upgrade (CRDs default to {@link CrdPolicy#CREATE})
 * @param replace re-use the name of an uninstalled or failed release (its revisions are kept)
 * @param createNamespace create the namespace if it does not exist
 */
public record InstallRequest(ReleaseOptions options, boolean replace, boolean createNamespace) {

  /** A builder with Helm's defaults (5m, no wait, hooks on, CRDs created). */
  public static Builder builder(String releaseName, String namespace, Chart chart) {
    return new Builder(releaseName, namespace, chart);
  }

  /** Fluent builder. */
  public static final class Builder extends ReleaseOptions.Builder<Builder> {
    private boolean replace;
    private boolean createNamespace;

    private Builder(String releaseName, String namespace, Chart chart) {
      super(releaseName, namespace, chart, CrdPolicy.CREATE);
    }

    public Builder replace(boolean v) {
      replace = v;
      return this;
    }

    public Builder createNamespace(boolean v) {
      createNamespace = v;
      return this;
    }

    public InstallRequest build() {
      return new InstallRequest(options(), replace, createNamespace);
    }
  }
}
