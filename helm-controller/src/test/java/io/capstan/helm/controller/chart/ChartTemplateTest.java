package io.capstan.helm.controller.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmChartReconcileStrategy;
import io.capstan.api.source.v1.HelmChartSourceKind;
import io.capstan.api.source.v1.VerificationProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChartTemplateTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  static HelmRelease parse(String yaml) throws Exception {
    return YAML.readValue(yaml, HelmRelease.class);
  }

  @Test
  @DisplayName("builds the HelmChart <namespace>-<name> in the source's namespace from spec.chart")
  void fullTemplate() throws Exception {
    HelmRelease hr =
        parse(
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: podinfo, namespace: apps}
            spec:
              interval: 10m
              chart:
                metadata:
                  labels: {team: a}
                  annotations: {note: x}
                spec:
                  chart: podinfo
                  version: "6.5.*"
                  sourceRef: {kind: HelmRepository, name: podinfo, namespace: flux-system}
                  interval: 5m
                  reconcileStrategy: Revision
                  valuesFiles: [values.yaml, values-prod.yaml]
                  ignoreMissingValuesFiles: true
                  verify:
                    provider: cosign
                    secretRef: {name: keys}
            """);
    HelmChart chart = ChartTemplate.build(hr);
    assertThat(chart.getMetadata().getName()).isEqualTo("apps-podinfo");
    assertThat(chart.getMetadata().getNamespace()).isEqualTo("flux-system");
    assertThat(ChartTemplate.reference(hr)).isEqualTo("flux-system/apps-podinfo");
    assertThat(chart.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "team", "a",
                "helm.toolkit.fluxcd.io/name", "podinfo",
                "helm.toolkit.fluxcd.io/namespace", "apps"));
    assertThat(chart.getMetadata().getAnnotations()).containsEntry("note", "x");
    assertThat(chart.getSpec().getChart()).isEqualTo("podinfo");
    assertThat(chart.getSpec().getVersion()).isEqualTo("6.5.*");
    assertThat(chart.getSpec().getSourceRef().getKind())
        .isEqualTo(HelmChartSourceKind.HelmRepository);
    assertThat(chart.getSpec().getSourceRef().getName()).isEqualTo("podinfo");
    assertThat(chart.getSpec().getInterval()).isEqualTo("5m");
    assertThat(chart.getSpec().getReconcileStrategy())
        .isEqualTo(HelmChartReconcileStrategy.Revision);
    assertThat(chart.getSpec().getValuesFiles())
        .isEqualTo(List.of("values.yaml", "values-prod.yaml"));
    assertThat(chart.getSpec().getIgnoreMissingValuesFiles()).isTrue();
    assertThat(chart.getSpec().getVerify().getProvider()).isEqualTo(VerificationProvider.cosign);
    assertThat(chart.getSpec().getVerify().getSecretRef().getName()).isEqualTo("keys");
  }

  @Test
  @DisplayName("defaults the HelmChart's namespace and interval to the HelmRelease's")
  void defaults() throws Exception {
    HelmRelease hr =
        parse(
            """
            metadata: {name: web, namespace: team}
            spec:
              interval: 1h
              chart:
                spec:
                  chart: ./charts/web
                  sourceRef: {kind: GitRepository, name: repo}
            """);
    HelmChart chart = ChartTemplate.build(hr);
    assertThat(chart.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(chart.getMetadata().getName()).isEqualTo("team-web");
    assertThat(chart.getSpec().getInterval()).isEqualTo("1h");
    assertThat(chart.getSpec().getVersion()).isNull();
    assertThat(chart.getSpec().getVerify()).isNull();
    assertThat(chart.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  @DisplayName("refuses a chart template without a source reference")
  void missingSource() throws Exception {
    HelmRelease hr =
        parse(
            """
            metadata: {name: web, namespace: team}
            spec: {interval: 1h, chart: {spec: {chart: web}}}
            """);
    assertThatThrownBy(() -> ChartTemplate.build(hr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sourceRef");
  }
}
