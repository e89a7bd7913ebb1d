package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;
import java.time.Duration;
import java.util.Map;

/**
 * Upgrades an existing release to a chart and values ({@code helm upgrade}). Build with {@link
 * #builder}.
 *
 * @param releaseName the release name
 * @param namespace the namespace objects go to
 * @param chart the loaded chart
 * @param values user values
 * @param timeout hooks and {@code wait} deadline (default 5m)
 * @param waitForResources wait until the objects are ready
 * @param waitForJobs also wait for Jobs to complete
 * @param disableHooks skip pre/post-upgrade hooks
 * @param disableSchemaValidation skip {@code values.schema.json}
 * @param crds what to do with {@code crds/} (default {@link CrdPolicy#SKIP}, as Flux's upgrade)
 * @param postRenderer optional post-renderer
 * @param description the description recorded on success (null: {@code Upgrade complete})
 * @param labels custom storage labels
 * @param force replace objects (delete + create) instead of applying
 * @param cleanupOnFail delete the objects this upgrade created if it fails
 * @param preserveValues Helm's {@code --reuse-values}: merge {@code values} over the last release's
 *     values
 * @param resetValues Helm's {@code --reset-values}: only the chart's defaults and {@code values}
 * @param maxHistory revisions to keep (0: unlimited)
 */
public record UpgradeRequest(
    String releaseName,
    String namespace,
    Chart chart,
    Map<String, Object> values,
    Duration timeout,
    boolean waitForResources,
    boolean waitForJobs,
    boolean disableHooks,
    boolean disableSchemaValidation,
    CrdPolicy crds,
    PostRenderer postRenderer,
    String description,
    Map<String, String> labels,
    boolean force,
    boolean cleanupOnFail,
    boolean preserveValues,
    boolean resetValues,
    int maxHistory,
    io.capstan.runtime.health.HealthRule healthRule) {
  public UpgradeRequest {
    values = values == null ? Map.of() : values;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    crds = crds == null ? CrdPolicy.SKIP : crds;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A builder with Helm's defaults (5m, no wait, hooks on, CRDs skipped, unlimited history). */
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
    private CrdPolicy crds;
    private PostRenderer postRenderer;
    private String description;
    private Map<String, String> labels;
    private boolean force;
    private boolean cleanupOnFail;
    private boolean preserveValues;
    private boolean resetValues;
    private int maxHistory;

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

    private io.capstan.runtime.health.HealthRule healthRule;

    /** An extra health rule used when waiting (e.g. CEL {@code healthCheckExprs}). */
    public Builder healthRule(io.capstan.runtime.health.HealthRule v) {
      healthRule = v;
      return this;
    }

    public UpgradeRequest build() {
      return new UpgradeRequest(
          releaseName,
          namespace,
          chart,
          values,
          timeout,
          waitForResources,
          waitForJobs,
          disableHooks,
          disableSchemaValidation,
          crds,
          postRenderer,
          description,
          labels,
          force,
          cleanupOnFail,
          preserveValues,
          resetValues,
          maxHistory,
          healthRule);
    }
  }
}
