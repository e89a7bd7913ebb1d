package io.capstan.api.source.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.testsupport.CrdFile;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the build generates a Flux-compatible CRD for every source kind")
class GeneratedSourceCrdTest {

  private static final String READY_STATUS = ".status.conditions[?(@.type==\"Ready\")].status";
  private static final String READY_MESSAGE = ".status.conditions[?(@.type==\"Ready\")].message";
  private static final String AGE = ".metadata.creationTimestamp";

  /** kind, plural, short names, printer columns (name -> JSONPath), status defaulted. */
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            GitRepository.class,
            "gitrepositories",
            List.of("gitrepo"),
            Map.of("URL", ".spec.url", "Age", AGE, "Ready", READY_STATUS, "Status", READY_MESSAGE),
            true),
        Arguments.of(
            OCIRepository.class,
            "ocirepositories",
            List.of("ocirepo"),
            Map.of("URL", ".spec.url", "Age", AGE, "Ready", READY_STATUS, "Status", READY_MESSAGE),
            true),
        Arguments.of(
            HelmRepository.class,
            "helmrepositories",
            List.of("helmrepo"),
            Map.of("URL", ".spec.url", "Age", AGE, "Ready", READY_STATUS, "Status", READY_MESSAGE),
            true),
        Arguments.of(
            HelmChart.class,
            "helmcharts",
            List.of("hc"),
            Map.of(
                "Chart", ".spec.chart",
                "Version", ".spec.version",
                "Source Kind", ".spec.sourceRef.kind",
                "Source Name", ".spec.sourceRef.name",
                "Age", AGE,
                "Ready", READY_STATUS,
                "Status", READY_MESSAGE),
            true),
        Arguments.of(
            Bucket.class,
            "buckets",
            List.of(),
            Map.of(
                "Endpoint",
                ".spec.endpoint",
                "Age",
                AGE,
                "Ready",
                READY_STATUS,
                "Status",
                READY_MESSAGE),
            true),
        Arguments.of(
            ExternalArtifact.class,
            "externalartifacts",
            List.of("ea"),
            Map.of(
                "Source",
                ".spec.sourceRef.name",
                "Age",
                AGE,
                "Ready",
                READY_STATUS,
                "Status",
                READY_MESSAGE),
            false));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  @DisplayName("names the CRD, its plural, short names and categories as Flux does")
  void declaresNames(
      Class<? extends CustomResource<?, ?>> kind, String plural, List<String> shortNames)
      throws IOException {
    CustomResourceDefinition crd = CrdFile.typed(kind);

    assertThat(crd.getMetadata().getName()).isEqualTo(plural + "." + GroupVersion.GROUP);
    assertThat(crd.getSpec().getGroup()).isEqualTo(GroupVersion.GROUP);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kind.getSimpleName());
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
    assertThat(crd.getSpec().getNames().getSingular())
        .isEqualTo(kind.getSimpleName().toLowerCase());
    assertThat(crd.getSpec().getNames().getShortNames())
        .containsExactlyInAnyOrderElementsOf(shortNames);
    assertThat(crd.getSpec().getNames().getCategories())
        .containsExactlyInAnyOrder("all", "fluxcd", "fluxcd-sources");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  @DisplayName("serves and stores v1 only, with a status subresource")
  void servesV1(Class<? extends CustomResource<?, ?>> kind) throws IOException {
    List<CustomResourceDefinitionVersion> versions = CrdFile.typed(kind).getSpec().getVersions();

    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).getName()).isEqualTo("v1");
    assertThat(versions.get(0).getServed()).isTrue();
    assertThat(versions.get(0).getStorage()).isTrue();
    assertThat(versions.get(0).getSubresources().getStatus()).isNotNull();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  @DisplayName("declares Flux's printer columns")
  void declaresPrinterColumns(
      Class<? extends CustomResource<?, ?>> kind,
      String plural,
      List<String> shortNames,
      Map<String, String> columns)
      throws IOException {
    List<CustomResourceColumnDefinition> declared =
        CrdFile.typed(kind).getSpec().getVersions().get(0).getAdditionalPrinterColumns();

    assertThat(
            declared.stream()
                .collect(
                    Collectors.toMap(
                        CustomResourceColumnDefinition::getName,
                        CustomResourceColumnDefinition::getJsonPath)))
        .isEqualTo(columns);
    assertThat(declared)
        .allSatisfy(
            c ->
                assertThat(c.getType()).isEqualTo(c.getJsonPath().equals(AGE) ? "date" : "string"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  @DisplayName("declares apiVersion, kind and metadata at the root, and defaults status as Flux")
  void declaresRootAndStatusDefault(
      Class<? extends CustomResource<?, ?>> kind,
      String plural,
      List<String> shortNames,
      Map<String, String> columns,
      boolean statusDefaulted)
      throws IOException {
    JSONSchemaProps root =
        CrdFile.typed(kind).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();

    assertThat(root.getProperties())
        .containsKeys("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(root.getProperties().get("apiVersion").getType()).isEqualTo("string");
    assertThat(root.getProperties().get("metadata").getType()).isEqualTo("object");
    JSONSchemaProps status = root.getProperties().get("status");
    if (statusDefaulted) {
      assertThat(status.getDefault().toString()).isEqualTo("{\"observedGeneration\":-1}");
      assertThat(status.getProperties().get("observedGeneration").getFormat()).isEqualTo("int64");
    } else {
      assertThat(status.getDefault()).isNull();
    }
  }
}
