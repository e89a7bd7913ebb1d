package io.capstan.cli.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.common.ResourceInventory;
import io.capstan.api.common.ResourceRef;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.cli.helm.BuildHelmReleaseTest.Result;
import io.capstan.helm.action.ActionConfig;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.controller.ReleaseRequests;
import io.capstan.helm.controller.postrender.PostRenderers;
import io.capstan.helm.controller.values.ChartValues;
import io.capstan.helm.controller.values.ClusterValuesSource;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.artifact.SourceStatuses;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan build|diff helmrelease} against a real API server: the HelmRelease, its HelmChart
 * artifact (served on 127.0.0.1, digest verified) and its valuesFrom ConfigMap and Secret read from
 * the cluster; the diff is empty once helm-controller's install action installed the release, and
 * reports drift, masked Secret changes, deletions and errors with flux diff's exit codes.
 */
@WithKubernetes(cluster = true)
class DiffHelmReleaseTest {

  @TempDir Path tmp;

  private static final String RELEASE =
      """
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: web
      spec:
        interval: 1h
        chart:
          spec:
            chart: web
            version: "1.0.0"
            sourceRef:
              kind: HelmRepository
              name: charts
        install:
          disableWait: true
          disableHooks: true
        upgrade:
          disableWait: true
          disableHooks: true
        valuesFrom:
          - kind: ConfigMap
            name: web-values
          - kind: Secret
            name: web-secret
            valuesKey: pw
            targetPath: password
        values:
          color: green
        postRenderers:
          - kustomize:
              patches:
                - target:
                    kind: Deployment
                  patch: |
                    - op: replace
                      path: /spec/replicas
                      value: 2
      """;

  private static String[] args(String command, KubeControlPlane plane, String ns, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                command,
                "helmrelease",
                "web",
                "-n",
                ns,
                "--kubeconfig",
                plane.kubeconfig().toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static Map<String, Object> artifact(ArtifactHost.Published published, String path) {
    return SourceStatuses.artifact(published, path, "1.0.0");
  }

  private static void helmChart(
      KubernetesClient client, String ns, String name, Map<String, Object> artifact) {
    GenericKubernetesResource chart =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("source.toolkit.fluxcd.io/v1")
            .withKind("HelmChart")
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "spec",
                    Map.of(
                        "chart",
                        "web",
                        "version",
                        "1.0.0",
                        "interval",
                        "1h",
                        "sourceRef",
                        Map.of("kind", "HelmRepository", "name", "charts"))))
            .build();
    client.resource(chart).create();
    // as source-controller writes it (the controller's source check, which the cli shares, waits
    // for the observed generation, Ready and the artifact)
    SourceStatuses.markReady(
        client, "HelmChart", ns, name, "pulled 'web' chart with version '1.0.0'", artifact);
  }

  @Test
  @DisplayName(
      "diff: created before install, empty after helm-controller installed, then drift, masked"
          + " Secret change and deletion reported; build reads valuesFrom and the artifact")
  void diffsAgainstTheCluster(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane) throws Exception {
    String ns = namespace.name();
    String password = "pw-" + ns;
    String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("web-values")
                .endMetadata()
                .addToData("values.yaml", "greeting: from-configmap\ncolor: red\n")
                .build())
        .create();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("web-secret")
                .endMetadata()
                .addToStringData("pw", password)
                .build())
        .create();
    try (ArtifactHost host = new ArtifactHost()) {
      Map<String, String> tree = new LinkedHashMap<>();
      HelmReleaseCharts.files("web/", "1.0.0").forEach(tree::put);
      ArtifactHost.Published published = host.publish("/web-1.0.0.tgz", tree);
      helmChart(client, ns, ns + "-web", artifact(published, "helmchart/web-1.0.0.tgz"));
      client
          .resource(client.getKubernetesSerialization().unmarshal(RELEASE, HelmRelease.class))
          .create();

      // build: chart from the HelmChart's artifact, values from the cluster
      Result build = BuildHelmReleaseTest.run(args("build", plane, ns));
      assertThat(build.err()).isEmpty();
      assertThat(build.code()).isZero();
      assertThat(build.out())
          .contains("greeting: from-configmap", "color: green", "replicas: 2")
          .contains("password: '***'")
          .doesNotContain(encoded);

      // diff before anything is installed: every object would be created
      Result before = BuildHelmReleaseTest.run(args("diff", plane, ns));
      assertThat(before.err()).isEmpty();
      assertThat(before.code()).isEqualTo(1);
      assertThat(before.out())
          .contains(
              "► Deployment/" + ns + "/web created",
              "► Service/" + ns + "/web created",
              "► ConfigMap/" + ns + "/web-settings created",
              "► Secret/" + ns + "/web-credentials created");

      // helm-controller's install action (the library its reconciler runs) with the request and
      // post-renderers the reconciler builds; then nothing differs
      HelmRelease hr = client.resources(HelmRelease.class).inNamespace(ns).withName("web").get();
      Map<String, Object> values =
          ChartValues.compose(
              ns,
              hr.getSpec().getValuesFrom(),
              hr.getSpec().getValues(),
              new ClusterValuesSource(client, ns));
      Chart chart = ChartLoader.load(HelmReleaseCharts.write(tmp.resolve("chart"), "1.0.0"));
      new HelmActions(ActionConfig.forCluster(client, ns, "helm-controller"))
          .install(ReleaseRequests.install(hr, chart, values, PostRenderers.build(hr)));
      // the inventory the reconciler records (Service included)
      client
          .resources(HelmRelease.class)
          .inNamespace(ns)
          .withName("web")
          .editStatus(
              r -> {
                ResourceRef service = new ResourceRef();
                service.setId(ns + "_web__Service");
                service.setV("v1");
                ResourceInventory inventory = new ResourceInventory();
                inventory.setEntries(List.of(service));
                r.setStatus(new HelmReleaseStatus());
                r.getStatus().setInventory(inventory);
                return r;
              });
      Result clean = BuildHelmReleaseTest.run(args("diff", plane, ns));
      assertThat(clean.err()).isEmpty();
      assertThat(clean.out()).isEmpty();
      assertThat(clean.code()).isZero();

      // drift: a ConfigMap edited by hand, the Secret changed, the replicas scaled
      client
          .configMaps()
          .inNamespace(ns)
          .withName("web-settings")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("color", "hand-edited").build());
      client
          .secrets()
          .inNamespace(ns)
          .withName("web-credentials")
          .edit(
              s ->
                  new SecretBuilder(s)
                      .addToData(
                          "password",
                          Base64.getEncoder()
                              .encodeToString("leaked".getBytes(StandardCharsets.UTF_8)))
                      .build());
      Result drift = BuildHelmReleaseTest.run(args("diff", plane, ns));
      assertThat(drift.err()).isEmpty();
      assertThat(drift.code()).isEqualTo(1);
      assertThat(drift.out())
          .contains("► ConfigMap/" + ns + "/web-settings drifted")
          .contains("-   color: hand-edited", "+   color: green")
          .contains("► Secret/" + ns + "/web-credentials drifted")
          .contains("-   password: '*** (before)'", "+   password: '*** (after)'")
          .doesNotContain(encoded)
          .doesNotContain("bGVha2Vk")
          .doesNotContain("Deployment/" + ns + "/web drifted");

      // a values file that disables the Service: the inventory's Service would be deleted
      Path off = tmp.resolve("off.yaml");
      Files.writeString(off, "service:\n  enabled: false\n");
      Result deleted =
          BuildHelmReleaseTest.run(args("diff", plane, ns, "--values", off.toString()));
      assertThat(deleted.code()).isEqualTo(1);
      assertThat(deleted.out()).contains("► Service/" + ns + "/web deleted");

      // errors exit 2: a valuesFrom reference that does not exist
      client.configMaps().inNamespace(ns).withName("web-values").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.configMaps().inNamespace(ns).withName("web-values").get() == null);
      Result error = BuildHelmReleaseTest.run(args("diff", plane, ns));
      assertThat(error.code()).isEqualTo(2);
      assertThat(error.err())
          .startsWith(
              "Error: could not resolve ConfigMap chart values reference '" + ns + "/web-values'");
    }
  }

  @Test
  @DisplayName(
      "build from the cluster's artifact: --artifact-url-rewrite reaches it, a tampered digest is"
          + " refused")
  void artifactUrlRewriteAndDigest(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane) throws Exception {
    String ns = namespace.name();
    try (ArtifactHost host = new ArtifactHost()) {
      Map<String, String> tree = new LinkedHashMap<>(HelmReleaseCharts.files("web/", "1.0.0"));
      ArtifactHost.Published published = host.publish("/web.tgz", tree);
      Map<String, Object> artifact = artifact(published, "helmchart/web.tgz");
      String origin = published.url().substring(0, published.url().indexOf("/web.tgz") + 1);
      artifact.put(
          "url", "http://source-controller.flux-system.svc.cluster.local./helmchart/web.tgz");
      helmChart(client, ns, "web-chart", artifact);
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
                      apiVersion: helm.toolkit.fluxcd.io/v2
                      kind: HelmRelease
                      metadata:
                        name: web
                      spec:
                        interval: 1h
                        chartRef:
                          kind: HelmChart
                          name: web-chart
                      """,
                      HelmRelease.class))
          .create();
      String rule = "http://source-controller.flux-system.svc.cluster.local./helmchart/=" + origin;

      Result ok =
          BuildHelmReleaseTest.run(args("build", plane, ns, "--artifact-url-rewrite", rule));
      assertThat(ok.err()).isEmpty();
      assertThat(ok.code()).isZero();
      assertThat(ok.out()).contains("greeting: hello", "chart-version: 1.0.0");

      tree.put("web/values.yaml", "greeting: forged\nservice:\n  enabled: true\n");
      host.tamper("/web.tgz", tree);
      Result tampered =
          BuildHelmReleaseTest.run(args("build", plane, ns, "--artifact-url-rewrite", rule));
      assertThat(tampered.code()).isEqualTo(1);
      assertThat(tampered.err()).startsWith("Error: ").containsIgnoringCase("digest");
      assertThat(tampered.out()).isEmpty();
    }
  }
}
