package io.capstan.testing.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class SourceStatusesTest {

  @Test
  @DisplayName(
      "a HelmChart marked ready has its generation observed, Ready=True and the published artifact")
  void marksHelmChartReady(KubernetesClient client, KubeNamespace ns) throws Exception {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: source.toolkit.fluxcd.io/v1
                    kind: HelmChart
                    metadata: {name: web, namespace: %s}
                    spec:
                      chart: web
                      version: 1.0.0
                      interval: 1h
                      sourceRef: {kind: HelmRepository, name: charts}
                    """
                        .formatted(ns.name()),
                    HelmChart.class))
        .create();
    try (ArtifactHost host = new ArtifactHost()) {
      ArtifactHost.Published published =
          host.publish("/web-1.0.0.tgz", Map.of("web/Chart.yaml", "name: web\n"));

      SourceStatuses.markReady(
          client,
          "HelmChart",
          ns.name(),
          "web",
          "pulled 'web' chart with version '1.0.0'",
          SourceStatuses.artifact(published, "helmchart/web-1.0.0.tgz", "1.0.0"));

      HelmChart chart =
          client.resources(HelmChart.class).inNamespace(ns.name()).withName("web").get();
      assertThat(chart.getStatus().getObservedGeneration())
          .isEqualTo(chart.getMetadata().getGeneration());
      Condition ready = chart.getStatus().getConditions().get(0);
      assertThat(ready.getType()).isEqualTo("Ready");
      assertThat(ready.isTrue()).isTrue();
      assertThat(ready.getReason()).isEqualTo("Succeeded");
      assertThat(ready.getMessage()).isEqualTo("pulled 'web' chart with version '1.0.0'");
      assertThat(ready.getLastTransitionTime())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      var artifact = chart.getStatus().getArtifact();
      assertThat(artifact.getUrl()).isEqualTo(published.url());
      assertThat(artifact.getDigest()).isEqualTo(published.digest());
      assertThat(artifact.getSize()).isEqualTo(published.size());
      assertThat(artifact.getRevision()).isEqualTo("1.0.0");
      assertThat(artifact.getPath()).isEqualTo("helmchart/web-1.0.0.tgz");
    }
  }
}
