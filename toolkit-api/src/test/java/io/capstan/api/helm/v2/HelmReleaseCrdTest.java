package io.capstan.api.helm.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.testsupport.CrdFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("generated HelmRelease CRD")
class HelmReleaseCrdTest {

  private static final CrdFile CRD = CrdFile.load("helmreleases", GroupVersion.GROUP);

  @Test
  @DisplayName("carries Flux's names, short name, categories and scope")
  void names() {
    JsonNode names = CRD.names();

    assertThat(names.path("kind").asText()).isEqualTo("HelmRelease");
    assertThat(names.path("plural").asText()).isEqualTo("helmreleases");
    assertThat(names.path("singular").asText()).isEqualTo("helmrelease");
    assertThat(texts(names.path("shortNames"))).containsExactly("hr");
    assertThat(texts(names.path("categories")))
        .containsExactlyInAnyOrder("all", "fluxcd", "fluxcd-appliers");
    assertThat(CRD.crd().path("spec").path("scope").asText()).isEqualTo("Namespaced");
  }

  @Test
  @DisplayName("serves and stores exactly v2, with a status subresource")
  void version() {
    JsonNode version = CRD.version();

    assertThat(version.path("name").asText()).isEqualTo(GroupVersion.VERSION);
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.path("subresources").has("status")).isTrue();
  }

  @Test
  @DisplayName("declares Flux's printer columns: Age, Ready, Status")
  void printerColumns() {
    assertThat(CRD.printerColumns())
        .containsExactlyInAnyOrder(
            "Age|.metadata.creationTimestamp|date|0",
            "Ready|.status.conditions[?(@.type==\"Ready\")].status|string|0",
            "Status|.status.conditions[?(@.type==\"Ready\")].message|string|0");
  }

  @Test
  @DisplayName("requires exactly one of chart and chartRef, checked by a CEL rule on spec")
  void chartOrChartRef() {
    JsonNode rules = CRD.schemaAt("spec").path("x-kubernetes-validations");

    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).path("rule").asText())
        .isEqualTo(
            "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))");
    assertThat(rules.get(0).path("message").asText())
        .isEqualTo("either chart or chartRef must be set");
    assertThat(texts(CRD.schemaAt("spec").path("required"))).containsExactly("interval");
  }

  static Stream<Arguments> strategyRulesCases() {
    return Stream.of(
        arguments(
            "spec.install.strategy",
            "!has(self.retryInterval) || self.name != 'RemediateOnFailure'"),
        arguments(
            "spec.upgrade.strategy", "!has(self.retryInterval) || self.name == 'RetryOnFailure'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategyRulesCases")
  @DisplayName("allows retryInterval only with the RetryOnFailure strategy")
  void strategyRules(String path, String rule) {
    assertThat(CRD.schemaAt(path).path("x-kubernetes-validations"))
        .extracting(r -> r.path("rule").asText())
        .containsExactly(rule);
  }

  static Stream<Arguments> validationFactsCases() {
    return Stream.of(
        arguments("spec.interval", "pattern", "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"),
        arguments("spec.chart.spec.version", "default", "*"),
        arguments("spec.chart.spec.reconcileStrategy", "default", "ChartVersion"),
        arguments("spec.chart.spec.verify.provider", "default", "cosign"),
        arguments("spec.chart.spec.chart", "maxLength", "2048"),
        arguments("spec.uninstall.deletionPropagation", "default", "background"),
        arguments("spec.releaseName", "maxLength", "53"),
        arguments(
            "spec.valuesFrom[].targetPath",
            "pattern",
            "^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$"),
        arguments("spec.valuesFrom[].valuesKey", "pattern", "^[\\-._a-zA-Z0-9]+$"),
        arguments("spec.values", "x-kubernetes-preserve-unknown-fields", "true"),
        arguments("status", "default", "{\"observedGeneration\":-1}"),
        arguments("status.failures", "format", "int64"),
        arguments("status.history[].lastDeployed", "format", "date-time"),
        arguments("status.history[].testHooks{}.lastStarted", "format", "date-time"),
        arguments("status.storageNamespace", "minLength", "1"));
  }

  @ParameterizedTest(name = "{0} has {1} = {2}")
  @MethodSource("validationFactsCases")
  @DisplayName("carries Flux's validation facts")
  void validationFacts(String path, String keyword, String expected) {
    JsonNode value = CRD.schemaAt(path).path(keyword);

    assertThat(value.isValueNode() ? value.asText() : value.toString()).isEqualTo(expected);
  }

  @Test
  @DisplayName("leaves spec.values untyped so any YAML is accepted")
  void valuesUntyped() {
    assertThat(CRD.schemaAt("spec.values").has("type")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "spec.chart.spec.sourceRef.kind, Bucket|GitRepository|HelmRepository",
    "spec.chartRef.kind, ExternalArtifact|HelmChart|OCIRepository",
    "spec.install.crds, Create|CreateReplace|Skip",
    "spec.upgrade.serverSideApply, auto|disabled|enabled",
    "spec.upgrade.remediation.strategy, rollback|uninstall",
    "spec.driftDetection.mode, disabled|enabled|warn",
    "spec.postRenderStrategy, combined|nohooks|separate",
    "spec.waitStrategy.name, legacy|poller",
    "status.lastAttemptedReleaseAction, install|upgrade",
  })
  @DisplayName("restricts enum fields to Flux's values")
  void enums(String path, String values) {
    assertThat(texts(CRD.schemaAt(path).path("enum")))
        .containsExactlyInAnyOrder(values.split("\\|"));
  }

  @Test
  @DisplayName(
      "keeps model helpers (isSuspended, Condition.isTrue, unknown-field map) out of the schema")
  void noHelperFields() {
    assertThat(CRD.propertyNames())
        .doesNotContain("suspended", "true", "additionalProperties")
        .contains("suspend", "conditions");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
