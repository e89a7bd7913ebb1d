package io.capstan.api.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.testsupport.CrdFile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formats of {@link Condition} and {@link Artifact} are declared once, on the classes, and must
 * reach every CRD that embeds them.
 */
@DisplayName("shared meta types carry Flux's formats into every CRD")
class SharedTypeSchemaTest {

  /** CRDs (plural.group) whose status has conditions. */
  private static final List<String> WITH_CONDITIONS =
      List.of(
          "gitrepositories.source.toolkit.fluxcd.io",
          "ocirepositories.source.toolkit.fluxcd.io",
          "helmrepositories.source.toolkit.fluxcd.io",
          "helmcharts.source.toolkit.fluxcd.io",
          "buckets.source.toolkit.fluxcd.io",
          "externalartifacts.source.toolkit.fluxcd.io",
          "kustomizations.kustomize.toolkit.fluxcd.io",
          "helmreleases.helm.toolkit.fluxcd.io",
          "imagerepositories.image.toolkit.fluxcd.io",
          "imagepolicies.image.toolkit.fluxcd.io",
          "imageupdateautomations.image.toolkit.fluxcd.io",
          "receivers.notification.toolkit.fluxcd.io");

  /** Source CRDs: their status has an artifact. */
  private static final List<String> WITH_ARTIFACT = WITH_CONDITIONS.subList(0, 6);

  static Stream<Arguments> formats() {
    Stream<Arguments> conditions =
        WITH_CONDITIONS.stream()
            .flatMap(
                crd ->
                    Stream.of(
                        arguments(crd, "status.conditions[].lastTransitionTime", "date-time"),
                        arguments(crd, "status.conditions[].observedGeneration", "int64")));
    Stream<Arguments> artifacts =
        WITH_ARTIFACT.stream()
            .flatMap(
                crd ->
                    Stream.of(
                        arguments(crd, "status.artifact.lastUpdateTime", "date-time"),
                        arguments(crd, "status.artifact.size", "int64")));
    Stream<Arguments> included =
        Stream.of(
            arguments(WITH_ARTIFACT.get(0), "status.includedArtifacts[].size", "int64"),
            arguments(WITH_ARTIFACT.get(0), "status.observedGeneration", "int64"));
    return Stream.of(conditions, artifacts, included).flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0}: {1} is {2}")
  @MethodSource("formats")
  @DisplayName("declares the format Flux declares, keeping the generated type")
  void declaresFormat(String crd, String path, String format) {
    JsonNode field = fieldAt(crd, path);

    assertThat(field.path("format").asText()).isEqualTo(format);
    assertThat(field.path("type").asText())
        .isEqualTo(format.equals("int64") ? "integer" : "string");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditionCrds")
  @DisplayName("keeps the other constraints of a condition next to the added formats")
  void keepsConditionConstraints(String crd) {
    JsonNode condition = fieldAt(crd, "status.conditions[]");

    assertThat(condition.path("properties").path("observedGeneration").path("minimum").asInt(-1))
        .isZero();
    assertThat(condition.path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("lastTransitionTime", "message", "reason", "status", "type");
  }

  static Stream<String> conditionCrds() {
    return WITH_CONDITIONS.stream();
  }

  /** The schema of {@code path} ({@code a.b[].c}) in the CRD {@code plural.group}. */
  private static JsonNode fieldAt(String crd, String path) {
    int dot = crd.indexOf('.');
    return CrdFile.load(crd.substring(0, dot), crd.substring(dot + 1)).schemaAt(path);
  }
}
