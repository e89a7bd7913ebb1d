package io.capstan.api.kustomize.v1;

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

@DisplayName("generated Kustomization CRD")
class KustomizationCrdTest {

  private static final CrdFile CRD = CrdFile.load("kustomizations", GroupVersion.GROUP);

  @Test
  @DisplayName("carries Flux's names, short name, categories and scope")
  void names() {
    JsonNode names = CRD.names();

    assertThat(names.path("kind").asText()).isEqualTo("Kustomization");
    assertThat(names.path("plural").asText()).isEqualTo("kustomizations");
    assertThat(names.path("singular").asText()).isEqualTo("kustomization");
    assertThat(texts(names.path("shortNames"))).containsExactly("ks");
    assertThat(texts(names.path("categories")))
        .containsExactlyInAnyOrder("all", "fluxcd", "fluxcd-appliers");
    assertThat(CRD.crd().path("spec").path("scope").asText()).isEqualTo("Namespaced");
  }

  @Test
  @DisplayName("serves and stores exactly v1, with a status subresource")
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
  @DisplayName("requires sourceRef, interval and prune, and the root declares apiVersion/kind")
  void requiredAndRootFields() {
    assertThat(texts(CRD.schemaAt("spec").path("required")))
        .containsExactlyInAnyOrder("interval", "prune", "sourceRef");
    assertThat(CRD.schemaAt("apiVersion").path("type").asText()).isEqualTo("string");
    assertThat(CRD.schemaAt("kind").path("type").asText()).isEqualTo("string");
    assertThat(CRD.schemaAt("metadata").path("type").asText()).isEqualTo("object");
  }

  static Stream<Arguments> validationFactsCases() {
    return Stream.of(
        arguments("spec.interval", "pattern", "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"),
        arguments("spec.timeout", "pattern", "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"),
        arguments("spec.force", "default", "false"),
        arguments("spec.postBuild.substituteFrom[].optional", "default", "false"),
        arguments("spec.postBuild.substituteFrom[].name", "maxLength", "253"),
        arguments("spec.targetNamespace", "maxLength", "63"),
        arguments("spec.namePrefix", "minLength", "1"),
        arguments("status", "default", "{\"observedGeneration\":-1}"),
        arguments("status.observedGeneration", "format", "int64"),
        arguments("status.conditions[].lastTransitionTime", "format", "date-time"),
        arguments("status.history[].firstReconciled", "format", "date-time"),
        arguments("status.history[].totalReconciliations", "format", "int64"));
  }

  @ParameterizedTest(name = "{0} has {1} = {2}")
  @MethodSource("validationFactsCases")
  @DisplayName("carries Flux's validation facts")
  void validationFacts(String path, String keyword, String expected) {
    JsonNode value = CRD.schemaAt(path).path(keyword);

    assertThat(value.isValueNode() ? value.asText() : value.toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "spec.deletionPolicy, Delete|MirrorPrune|Orphan|WaitForTermination",
    "spec.sourceRef.kind, Bucket|ExternalArtifact|GitRepository|OCIRepository",
    "spec.buildMetadata[], originAnnotations|transformerAnnotations",
    "spec.decryption.provider, sops",
    "spec.postBuild.substituteStrategy, Always|WithVariables",
    "spec.postBuild.substituteFrom[].kind, ConfigMap|Secret",
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

  @Test
  @DisplayName("validates that a kubeConfig names exactly one of configMapRef and secretRef")
  void kubeConfigRules() {
    assertThat(CRD.schemaAt("spec.kubeConfig").path("x-kubernetes-validations"))
        .extracting(rule -> rule.path("rule").asText())
        .containsExactlyInAnyOrder(
            "has(self.configMapRef) || has(self.secretRef)",
            "!has(self.configMapRef) || !has(self.secretRef)");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
