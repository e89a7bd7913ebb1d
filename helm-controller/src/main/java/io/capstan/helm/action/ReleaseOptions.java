package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;
import io.capstan.runtime.health.HealthRule;
import java.time.Duration;
import java.util.Map;

/**
 * What install and upgrade have in common: the release, the chart and values to render, how to wait
 * and what to record. {@link InstallRequest} and {@link UpgradeRequest} add their own options.
 *
 * @param releaseName the release name
 * @param namespace the namespace objects go to ({@code .Release.Namespace})
 * @param chart the loaded chart
 * @param values user values (Helm's {@code config}; merged over the chart's defaults)
 * @param timeout hooks and {@code wait} deadline (default 5m)
 * @param waitForResources wait until the objects are ready
 * @param waitForJobs also wait for Jobs to complete
 * @param disableHooks skip the action's pre/post hooks
 * @param disableSchemaValidation skip {@code values.schema.json}
 * @param crds what to do with {@code crds/}
 * @param postRenderer optional post-renderer
 * @param description the description recorded on success (null: Helm's)
 * @param labels custom storage labels
 * @param healthRule an extra health rule used when waiting (e.g. CEL {@code healthCheckExprs}),
 *     null for none
 * @param waitStrategy how readiness is judged (default {@link WaitStrategy#POLLER})
 */
public record ReleaseOptions(
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
    HealthRule healthRule,
    WaitStrategy waitStrategy) {
  public ReleaseOptions {
    values = values == null ? Map.of() : values;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    waitStrategy = waitStrategy == null ? WaitStrategy.POLLER : waitStrategy;
  }

  /** How to wait for the applied objects with these options. */
  Wait waiting() {
    return new Wait(waitForResources, waitForJobs, timeout, healthRule, waitStrategy);
  }

  /**
   * The setters shared by the install and upgrade builders.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Builder<B extends Builder<B>> {
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
    private HealthRule healthRule;
    private WaitStrategy waitStrategy;

    Builder(String releaseName, String namespace, Chart chart, CrdPolicy defaultCrds) {
      this.releaseName = releaseName;
      this.namespace = namespace;
      this.chart = chart;
      this.crds = defaultCrds;
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    public B values(Map<String, Object> v) {
      values = v;
      return self();
    }

    public B timeout(Duration v) {
      timeout = v;
      return self();
    }

    public B waitForResources(boolean v) {
      waitForResources = v;
      return self();
    }

    public B waitForJobs(boolean v) {
      waitForJobs = v;
      return self();
    }

    public B disableHooks(boolean v) {
      disableHooks = v;
      return self();
    }

    public B disableSchemaValidation(boolean v) {
      disableSchemaValidation = v;
      return self();
    }

    /** CRD policy; null keeps the action's default. */
    public B crds(CrdPolicy v) {
      if (v != null) {
        crds = v;
      }
      return self();
    }

    public B postRenderer(PostRenderer v) {
      postRenderer = v;
      return self();
    }

    public B description(String v) {
      description = v;
      return self();
    }

    public B labels(Map<String, String> v) {
      labels = v;
      return self();
    }

    /** An extra health rule used when waiting (e.g. CEL {@code healthCheckExprs}). */
    public B healthRule(HealthRule v) {
      healthRule = v;
      return self();
    }

    /** How readiness is judged when waiting (Flux's {@code spec.waitStrategy.name}). */
    public B waitStrategy(WaitStrategy v) {
      waitStrategy = v;
      return self();
    }

    /** The common options as set. */
    ReleaseOptions options() {
      return new ReleaseOptions(
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
          healthRule,
          waitStrategy);
    }
  }
}
