package io.capstan.api.image.v1;

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

@DisplayName("generated CRDs of image.toolkit.fluxcd.io/v1")
class ImageCrdTest {

  private static final String READY = ".status.conditions[?(@.type==\"Ready\")]";

  static Stream<Arguments> crds() {
    return Stream.of(
        arguments(
            "imagerepositories",
            List.of("imgrepo", "imagerepo"),
            List.of(
                "Image|.spec.image|string|0",
                "Tags|.status.lastScanResult.tagCount|string|0",
                "Ready|" + READY + ".status|string|0",
                "Status|" + READY + ".message|string|0",
                "Last scan|.status.lastScanResult.scanTime|string|1",
                "Age|.metadata.creationTimestamp|date|0"),
            0),
        arguments(
            "imagepolicies",
            List.of("imgpol", "imagepol"),
            List.of(
                "Image|.status.latestRef.name|string|0",
                "Tag|.status.latestRef.tag|string|0",
                "Ready|" + READY + ".status|string|0",
                "Status|" + READY + ".message|string|0",
                "Age|.metadata.creationTimestamp|date|0"),
            2),
        arguments(
            "imageupdateautomations",
            List.of("iua", "imgupd", "imgauto"),
            List.of(
                "Ready|" + READY + ".status|string|0",
                "Status|" + READY + ".message|string|0",
                "Last run|.status.lastAutomationRunTime|string|1",
                "Age|.metadata.creationTimestamp|date|0"),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  @DisplayName("declares Flux's names, short names, categories and printer columns")
  void namesAndColumns(String plural, List<String> shortNames, List<String> columns, int rules) {
    CrdFile crd = CrdFile.load(plural, GroupVersion.GROUP);

    assertThat(crd.crd().path("spec").path("scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.crd().path("spec").path("names").path("plural").asText()).isEqualTo(plural);
    assertThat(crd.shortNames()).containsExactlyInAnyOrderElementsOf(shortNames);
    assertThat(crd.categories()).containsExactly("all", "fluxcd", "fluxcd-images");
    // fabric8 sorts columns by JSON path, so only the set is Flux's, not the order.
    assertThat(crd.printerColumns()).containsExactlyInAnyOrderElementsOf(columns);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  @DisplayName("serves and stores v1 with a status subresource defaulting observedGeneration -1")
  void versionAndStatus(String plural, List<String> shortNames, List<String> columns, int rules) {
    CrdFile crd = CrdFile.load(plural, GroupVersion.GROUP);
    JsonNode version = crd.version();
    JsonNode schema = crd.schema();

    assertThat(version.path("name").asText()).isEqualTo("v1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.path("subresources").has("status")).isTrue();
    assertThat(schema.path("properties").path("status").path("default").toString())
        .isEqualTo("{\"observedGeneration\":-1}");
    assertThat(schema.path("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(schema.path("properties").path("spec").path("x-kubernetes-validations"))
        .hasSize(rules);
  }
}
