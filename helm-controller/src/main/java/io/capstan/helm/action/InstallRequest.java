package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;
import java.time.Duration;
import java.util.Map;

/**
 * Installs a chart as a new release ({@code helm install}). Build with {@link #builder}.
 *
 * @param releaseName the release name
 * @param namespace the namespace objects go to ({@code .Release.Namespace})
 * @param chart the loaded chart
 * @param values user values (Helm's {@code config}; merged over the chart's defaults)
 * @param timeout hooks and {@code wait} deadline (default 5m)
 * @param waitForResources wait until the objects are ready
 * @param waitForJobs also wait for Jobs to complete
 * @param disableHooks skip pre/post-install hooks
 * @param disableSchemaValidation skip {@code values.schema.json}
 * @param replace re-use the name of an uninstalled or failed release (its revisions are kept)
 * @param createNamespace create {@code namespace} if it does not exist
 * @param crds what to do with {@code crds/} (default {@link CrdPolicy#CREATE})
 * @param postRenderer optional post-renderer
 * @param description the description recorded on success (null: {@code Install complete})
 * @param labels custom storage labels
 * @param healthRule an extra health rule used when waiting (e.g. CEL {@code healthCheckExprs}),
 *     null for none
 */
public record InstallRequest(
    String releaseName,
    String namespace,
    Chart chart,
    Map<String, Object> values,
    Duration timeout,
    boolean waitForResources,
    boolean waitForJobs,
    boolean disableHooks,
    boolean disableSchemaValidation,
    boolean replace,
    boolean createNamespace,
    CrdPolicy crds,
    PostRenderer postRenderer,
    String description,
    Map<String, String> labels,
    io.capstan.runtime.health.HealthRule healthRule) {
  public InstallRequest {
    values = values == null ? Map.of() : values;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    crds = crds == null ? CrdPolicy.CREATE : crds;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A builder with Helm's defaults (5m, no wait, hooks on, CRDs created). */
  public static Builder builder(String releaseName, String namespace, Chart chart) {
    return new Builder(releaseName, namespace, chart);
  }

  /** Fluent builder. */
  public static final class Builder {
    private final String releaseName;
    private final String namespace;
    private final Chart chart;
    private Map<String, Object> values;
    private Duration timeout;
    private boolean waitForResources;
    private boolean waitForJobs;
    private boolean disableHooks;
    private boolean disableSchemaValidation;
    private boolean replace;
    private boolean createNamespace;
    private CrdPolicy crds;
    private PostRenderer postRenderer;
    private String description;
    private Map<String, String> labels;

    private Builder(String releaseName, String namespace, Chart chart) {
      this.releaseName = releaseName;
      this.namespace = namespace;
      this.chart = chart;
    }

    public Builder values(Map<String, Object> v) {
      values = v;
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder waitForResources(boolean v) {
      waitForResources = v;
      return this;
    }

    public Builder waitForJobs(boolean v) {
      waitForJobs = v;
      return this;
    }

    public Builder disableHooks(boolean v) {
      disableHooks = v;
      return this;
    }

    public Builder disableSchemaValidation(boolean v) {
      disableSchemaValidation = v;
      return this;
    }

    public Builder replace(boolean v) {
      replace = v;
      return this;
    }

    public Builder createNamespace(boolean v) {
      createNamespace = v;
      return this;
    }

    public Builder crds(CrdPolicy v) {
      crds = v;
      return this;
    }

    public Builder postRenderer(PostRenderer v) {
      postRenderer = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder labels(Map<String, String> v) {
      labels = v;
      return this;
    }

    private io.capstan.runtime.health.HealthRule healthRule;

    public Builder healthRule(io.capstan.runtime.health.HealthRule v) {
      healthRule = v;
      return this;
    }

    public InstallRequest build() {
      return new InstallRequest(
          releaseName,
          namespace,
          chart,
          values,
          timeout,
          waitForResources,
          waitForJobs,
          disableHooks,
          disableSchemaValidation,
          replace,
          createNamespace,
          crds,
          postRenderer,
          description,
          labels,
          healthRule);
    }
  }
}
