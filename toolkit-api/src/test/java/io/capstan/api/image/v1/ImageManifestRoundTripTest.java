package io.capstan.api.image.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.testsupport.CrdFile;
import io.capstan.api.testsupport.Manifests;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("image.toolkit.fluxcd.io/v1 manifests survive YAML -> model -> YAML")
class ImageManifestRoundTripTest {

  private static final String DIR = "io/capstan/api/image/v1/";

  static Stream<Arguments> manifests() {
    return Stream.of(
        arguments(
            ImageRepository.class,
            "imagerepository.yaml",
            "imagerepositories",
            List.of(
                "spec.accessFrom.namespaceSelectors[1].futureMatchExpressions",
                "spec.futureScanConcurrency",
                "status.conditions[0].futureSeverity",
                "status.lastScanResult.futureDigestCount")),
        arguments(
            ImagePolicy.class,
            "imagepolicy.yaml",
            "imagepolicies",
            List.of(
                "spec.futureNotifyOnChange",
                "spec.policy.numerical.futureTieBreak",
                "status.observedPreviousRef.futurePlatform")),
        arguments(
            ImageUpdateAutomation.class,
            "imageupdateautomation.yaml",
            "imageupdateautomations",
            List.of(
                "spec.futureDryRun",
                "spec.git.commit.futureTrailer",
                "status.futureLastPullRequest")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("writing the model back reproduces the manifest, unknown fields included")
  void roundTripKeepsEveryField(Class<?> kind, String file, String plural, List<String> unknown) {
    JsonNode original = Manifests.tree(DIR + file);

    Object model = Manifests.bind(original, kind);

    assertThat(Manifests.writeAndReparse(model)).isEqualTo(original);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("every field except the deliberately unknown ones binds to a typed property")
  void onlyUndeclaredFieldsStayUntyped(
      Class<?> kind, String file, String plural, List<String> unknown) {
    JsonNode original = Manifests.tree(DIR + file);

    Object model = Manifests.bind(original, kind);

    assertThat(Manifests.unknownFieldPaths(original, model)).containsExactlyElementsOf(unknown);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("the test manifest sets every field the generated CRD declares")
  void manifestExercisesWholeSchema(
      Class<?> kind, String file, String plural, List<String> unknown) {
    CrdFile crd = CrdFile.load(plural, GroupVersion.GROUP);

    assertThat(crd.declaredPathsOf(Manifests.tree(DIR + file))).containsAll(crd.leafPaths());
  }
}
