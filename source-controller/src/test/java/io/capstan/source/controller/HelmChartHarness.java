package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.source.helm.HelmSettings;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real source-controller for HelmChart tests, with small chart size limits: apply YAML of any
 * source kind, read HelmChart status, download chart artifacts, and the HelmChart status contract.
 */
final class HelmChartHarness extends SourceHarness<HelmChart> {

  /** The chart size limit of the harness's controller ({@code --helm-chart-max-size}). */
  static final long MAX_CHART = 64 * 1024;

  /** The controllers' meters (shared by every harness in this JVM; series carry the namespace). */
  static final PrometheusMeterRegistry METRICS =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** {@code --helm-cache-max-size} of the harness's controller: the index cache is on. */
  static final int CACHE_SIZE = 20;

  HelmChartHarness(KubernetesClient admin, Path storage) throws Exception {
    super(
        admin,
        storage,
        HelmChart.class,
        Duration.ofSeconds(60),
        o ->
            o.helm(
                new HelmSettings(
                    HelmSettings.DEFAULTS.indexMaxSize(),
                    MAX_CHART,
                    HelmSettings.DEFAULTS.chartFileMaxSize(),
                    CACHE_SIZE,
                    HelmSettings.DEFAULTS.cacheTtl(),
                    HelmSettings.DEFAULTS.cachePurgeInterval())),
        b -> b.meterRegistry(METRICS));
  }

  HelmChart chart(String namespace, String yaml) {
    return apply(HelmChart.class, namespace, yaml);
  }

  /** Awaits Ready=True for the current generation and checks the status contract. */
  HelmChart awaitReady(String namespace, String name) {
    HelmChart c = awaitStatus(namespace, name, HelmChartHarness::ready);
    check(c);
    return c;
  }

  /** Packaged dependencies and other binary entries show as {@code <binary>}. */
  @Override
  String entry(String name, Path file) throws IOException {
    return name.endsWith(".tgz") ? "<binary>" : super.entry(name, file);
  }

  static boolean has(HelmChart c, String type, Condition.Status status, String reason) {
    return StatusContract.has(c, type, status, reason);
  }

  /** The message of condition {@code type}, or null. */
  static String condition(HelmChart c, String type) {
    return StatusContract.condition(c, type).map(Condition::getMessage).orElse(null);
  }

  static boolean ready(HelmChart c) {
    return has(c, ConditionTypes.READY, Condition.Status.True, null)
        && c.getStatus().getObservedGeneration() != null
        && c.getStatus().getObservedGeneration().equals(c.getMetadata().getGeneration());
  }

  /** The shared contract, then: Ready ⇒ an artifact whose revision the Ready message names. */
  static void check(HelmChart c) {
    StatusContract.check(c, HelmChartConditions.REASONS);
    if (has(c, ConditionTypes.READY, Condition.Status.True, null)) {
      Artifact a = c.getStatus().getArtifact();
      assertThat(a).isNotNull();
      assertThat(StatusContract.condition(c, ConditionTypes.READY).orElseThrow().getMessage())
          .contains("chart with version '" + a.getRevision() + "'");
      assertThat(a.getPath())
          .isEqualTo(
              "helmchart/"
                  + c.getMetadata().getNamespace()
                  + "/"
                  + c.getMetadata().getName()
                  + "/"
                  + c.getStatus().getObservedChartName()
                  + "-"
                  + a.getRevision()
                  + ".tgz");
    }
  }
}
