package io.capstan.api.source.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("source manifests survive YAML -> object -> YAML")
class SourceManifestRoundTripTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  /** How a manifest is read into and written from the model. */
  enum Codec {
    JACKSON_YAML {
      @Override
      <T> T read(String yaml, Class<T> type) throws IOException {
        return YAML.readValue(yaml, type);
      }

      @Override
      String write(Object value) throws IOException {
        return YAML.writeValueAsString(value);
      }
    },
    FABRIC8_SERIALIZATION {
      @Override
      <T> T read(String yaml, Class<T> type) {
        return FABRIC8.unmarshal(yaml, type);
      }

      @Override
      String write(Object value) {
        return FABRIC8.asYaml(value);
      }
    };

    abstract <T> T read(String yaml, Class<T> type) throws IOException;

    abstract String write(Object value) throws IOException;
  }

  static Stream<Arguments> manifests() {
    return Stream.of(
        Arguments.of(
            "gitrepository.yaml",
            GitRepository.class,
            Set.of(
                "spec.futureSpecField",
                "spec.ref.futureRefField",
                "spec.include[].futureIncludeField",
                "status.futureStatusField",
                "status.conditions[].futureConditionField")),
        Arguments.of(
            "ocirepository.yaml",
            OCIRepository.class,
            Set.of(
                "spec.layerSelector.futureLayerField",
                "spec.verify.futureVerifyField",
                "spec.verify.matchOIDCIdentity[].futureMatchField",
                "status.artifact.futureArtifactField")),
        Arguments.of(
            "helmrepository.yaml",
            HelmRepository.class,
            Set.of(
                "spec.futureSpecField",
                "spec.accessFrom.namespaceSelectors[].futureSelectorField",
                "status.futureStatusField")),
        Arguments.of(
            "helmchart.yaml",
            HelmChart.class,
            Set.of("spec.futureSpecField", "spec.sourceRef.futureRefField")),
        Arguments.of(
            "bucket.yaml", Bucket.class, Set.of("spec.futureSpecField", "spec.sts.futureStsField")),
        Arguments.of(
            "externalartifact.yaml",
            ExternalArtifact.class,
            Set.of(
                "spec.futureSpecField",
                "spec.sourceRef.futureRefField",
                "status.futureStatusField")));
  }

  static Stream<Arguments> manifestsPerCodec() {
    return manifests()
        .flatMap(
            row -> Stream.of(Codec.values()).map(c -> Arguments.of(c, row.get()[0], row.get()[1])));
  }

  @ParameterizedTest(name = "{1} via {0}")
  @MethodSource("manifestsPerCodec")
  @DisplayName("writes back every field it read, known to the model or not")
  void keepsEveryField(Codec codec, String file, Class<? extends CustomResource<?, ?>> type)
      throws IOException {
    String original = resource(file);

    String written = codec.write(codec.read(original, type));

    assertThat(YAML.readTree(written)).isEqualTo(YAML.readTree(original));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("binds every declared field and parks only undeclared ones aside")
  void bindsDeclaredFields(
      String file, Class<? extends CustomResource<?, ?>> type, Set<String> unknown)
      throws IOException {
    CustomResource<?, ?> resource = YAML.readValue(resource(file), type);

    assertThat(UnknownFieldPaths.of(resource)).containsExactlyInAnyOrderElementsOf(unknown);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("reads apiVersion and kind as the Java type declares them")
  void matchesDeclaredKind(String file, Class<? extends CustomResource<?, ?>> type)
      throws IOException {
    JsonNode tree = YAML.readTree(resource(file));
    CustomResource<?, ?> resource = YAML.readValue(resource(file), type);

    assertThat(resource.getApiVersion())
        .isEqualTo(GroupVersion.API_VERSION)
        .isEqualTo(tree.get("apiVersion").asText());
    assertThat(resource.getKind())
        .isEqualTo(type.getSimpleName())
        .isEqualTo(tree.get("kind").asText());
  }

  static String resource(String name) {
    try (InputStream in = SourceManifestRoundTripTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
