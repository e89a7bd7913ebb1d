package io.capstan.api.helm.v2;

import static io.capstan.api.kustomize.v1.ManifestRoundTrip.read;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.tree;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.without;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.writtenDeclaredFields;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.writtenYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.FluxStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("HelmRelease YAML round trip")
class HelmReleaseRoundTripTest {

  /** Example manifests and the fields in them that our model deliberately does not declare. */
  static Stream<Arguments> manifests() {
    return Stream.of(
        arguments(
            "helmrelease-full.yaml",
            List.of(
                "spec.chart.spec.cachePolicy",
                "spec.rolloutPolicy",
                "status.history[].testHooks{}.logsRef",
                "status.upgradeWindow")),
        arguments("helmrelease-chartref.yaml", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("writes back exactly what it read, unknown fields included, nothing added")
  void keepsEveryField(String resource, List<String> unknownFields) {
    HelmRelease release = read(getClass(), resource, HelmRelease.class);

    assertThat(writtenYaml(release)).isEqualTo(tree(getClass(), resource));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("binds every Flux field to a declared property; only unknown fields are kept aside")
  void bindsEveryKnownField(String resource, List<String> unknownFields) {
    HelmRelease release = read(getClass(), resource, HelmRelease.class);

    assertThat(writtenDeclaredFields(release))
        .isEqualTo(without(tree(getClass(), resource), unknownFields));
  }

  @Test
  @DisplayName("exposes the chart template and action policies through typed getters and enums")
  void typedSpec() {
    HelmReleaseSpec spec = read(getClass(), "helmrelease-full.yaml", HelmRelease.class).getSpec();

    HelmChartTemplateSpec chart = spec.getChart().getSpec();
    assertThat(chart.getSourceRef().getKind()).isEqualTo(ChartSourceKind.HelmRepository);
    assertThat(chart.getReconcileStrategy()).isEqualTo(ReconcileStrategy.Revision);
    assertThat(chart.getVerify().getProvider()).isEqualTo(VerificationProvider.notation);
    assertThat(chart.additionalProperties()).containsOnlyKeys("cachePolicy");
    assertThat(spec.getKubeConfig().getConfigMapRef().getName()).isEqualTo("edge-cluster");
    assertThat(spec.getDriftDetection().getMode()).isEqualTo(DriftDetectionMode.warn);
    assertThat(spec.getInstall().getStrategy().getName())
        .isEqualTo(ActionStrategyName.RetryOnFailure);
    assertThat(spec.getInstall().getCrds()).isEqualTo(CrdsPolicy.CreateReplace);
    assertThat(spec.getInstall().getRemediation().getRetries()).isEqualTo(3);
    assertThat(spec.getUpgrade().getRemediation().getRetries()).isEqualTo(-1);
    assertThat(spec.getUpgrade().getRemediation().getStrategy())
        .isEqualTo(RemediationStrategy.uninstall);
    assertThat(spec.getUpgrade().getServerSideApply()).isEqualTo(ServerSideApplyMode.auto);
    assertThat(spec.getRollback().getServerSideApply()).isEqualTo(ServerSideApplyMode.disabled);
    assertThat(spec.getUninstall().getDeletionPropagation())
        .isEqualTo(DeletionPropagation.foreground);
    assertThat(spec.getTest().getFilters())
        .extracting(TestFilter::getName, TestFilter::getExclude)
        .containsExactly(
            tuple("ingress-nginx-test-connection", null), tuple("ingress-nginx-test-slow", true));
    assertThat(spec.getValuesFrom().get(1).getTargetPath())
        .isEqualTo("controller.extraArgs.default-ssl-certificate");
    assertThat(spec.getPostRenderers().get(0).getKustomize().getImages().get(0).getNewName())
        .isEqualTo("mirror.example.com/ingress-nginx/controller");
    assertThat(spec.getPostRenderStrategy()).isEqualTo(PostRenderStrategy.separate);
    assertThat(spec.getWaitStrategy().getName()).isEqualTo(WaitStrategyName.poller);
    assertThat(spec.isSuspended()).isFalse();
  }

  @Test
  @DisplayName("keeps free-form values as a JSON tree, numbers and lists included")
  void values() {
    JsonNode values =
        read(getClass(), "helmrelease-full.yaml", HelmRelease.class).getSpec().getValues();

    assertThat(values.at("/controller/replicaCount").asInt()).isEqualTo(3);
    assertThat(values.at("/controller/tolerations/0/value").asText()).isEqualTo("edge");
    assertThat(values.at("/defaultBackend/enabled").isBoolean()).isTrue();
  }

  @Test
  @DisplayName("exposes status values through the FluxStatus contract and typed getters")
  void typedStatus() {
    HelmReleaseStatus status =
        read(getClass(), "helmrelease-full.yaml", HelmRelease.class).getStatus();
    FluxStatus contract = status;

    assertThat(contract.getObservedGeneration()).isEqualTo(3L);
    assertThat(contract.getConditions())
        .extracting(Condition::getType, Condition::getReason)
        .containsExactly(tuple("Ready", "UpgradeSucceeded"), tuple("Released", "UpgradeSucceeded"));
    assertThat(status.getLastAttemptedReleaseAction()).isEqualTo(ReleaseAction.upgrade);
    assertThat(status.getUpgradeFailures()).isEqualTo(2L);
    assertThat(status.getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getStatus)
        .containsExactly(tuple(5, "deployed"), tuple(4, "superseded"));
    TestHookStatus hook =
        status.getHistory().get(0).getTestHooks().get("ingress-nginx-test-connection");
    assertThat(hook.getPhase()).isEqualTo("Succeeded");
    assertThat(hook.additionalProperties()).containsOnlyKeys("logsRef");
    assertThat(status.getInventory().getEntries()).hasSize(1);
  }

  @Test
  @DisplayName("a HelmRelease built in code serializes without status or unset fields")
  void builtInCode() {
    ChartReference chartRef = new ChartReference();
    chartRef.setKind(ChartRefKind.OCIRepository);
    chartRef.setName("metrics-server-chart");
    chartRef.setNamespace("flux-system");
    JsonNodeFactory json = JsonNodeFactory.instance;
    HelmReleaseSpec spec = new HelmReleaseSpec();
    spec.setInterval("1h");
    spec.setChartRef(chartRef);
    spec.setValues(
        json.objectNode()
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "args", json.arrayNode().add("--kubelet-insecure-tls"))
            .set(
                "resources",
                json.objectNode().set("requests", json.objectNode().put("cpu", "50m"))));
    HelmRelease release = new HelmRelease();
    release.setMetadata(new ObjectMeta());
    release.getMetadata().setName("metrics-server");
    release.getMetadata().setNamespace("kube-system");
    release.setSpec(spec);

    JsonNode written = writtenYaml(release);

    assertThat(written).isEqualTo(tree(getClass(), "helmrelease-chartref.yaml"));
    assertThat(written.path("apiVersion").asText()).isEqualTo(GroupVersion.API_VERSION);
  }
}
