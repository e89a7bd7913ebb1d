package io.capstan.api.image.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.LabelSelectorRequirement;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.NamespacedObjectReference;
import io.capstan.api.testsupport.Manifests;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("image.toolkit.fluxcd.io/v1 model")
class ImageModelTest {

  private static final String DIR = "io/capstan/api/image/v1/";

  static Stream<Arguments> enums() {
    return Stream.of(
        Arguments.of(RegistryProvider.class, List.of("generic", "aws", "azure", "gcp")),
        Arguments.of(SortOrder.class, List.of("asc", "desc")),
        Arguments.of(DigestReflectionPolicy.class, List.of("Always", "IfNotPresent", "Never")),
        Arguments.of(SigningKeyType.class, List.of("gpg", "ssh")),
        Arguments.of(SourceKind.class, List.of("GitRepository")),
        Arguments.of(UpdateStrategyName.class, List.of("Setters")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("enums")
  @DisplayName("enum constants are written as exactly Flux's values")
  void enumsUseFluxValues(Class<? extends Enum<?>> type, List<String> fluxValues) {
    List<String> written =
        Arrays.stream(type.getEnumConstants())
            .map(c -> Manifests.YAML.convertValue(c, String.class))
            .toList();

    assertThat(written).containsExactlyElementsOf(fluxValues);
  }

  @Test
  @DisplayName("an ImageRepository manifest binds to typed spec and status values")
  void imageRepositoryBindsTypedValues() {
    ImageRepository repo =
        Manifests.bind(Manifests.tree(DIR + "imagerepository.yaml"), ImageRepository.class);

    assertThat(repo.getMetadata().getNamespace()).isEqualTo("team-payments");
    assertThat(repo.getSpec().getProvider()).isEqualTo(RegistryProvider.aws);
    assertThat(repo.getSpec().isSuspended()).isTrue();
    assertThat(repo.getSpec().getSecretRef())
        .isEqualTo(new LocalObjectReference("registry-credentials"));
    assertThat(repo.getSpec().getAccessFrom().getNamespaceSelectors()).hasSize(2);
    assertThat(repo.getStatus().getLastScanResult().getTagCount()).isEqualTo(142);
    assertThat(repo.getStatus().getObservedGeneration()).isEqualTo(7L);
    assertThat(repo.getStatus().getConditions()).singleElement().matches(Condition::isTrue);
  }

  @Test
  @DisplayName("an ImagePolicy manifest binds its reference, policy and selected image")
  void imagePolicyBindsTypedValues() {
    ImagePolicy policy =
        Manifests.bind(Manifests.tree(DIR + "imagepolicy.yaml"), ImagePolicy.class);

    assertThat(policy.getSpec().getImageRepositoryRef())
        .isEqualTo(new NamespacedObjectReference("checkout-api", "image-scanning"));
    assertThat(policy.getSpec().getDigestReflectionPolicy())
        .isEqualTo(DigestReflectionPolicy.Always);
    assertThat(policy.getSpec().getPolicy().getAlphabetical().getOrder()).isEqualTo(SortOrder.desc);
    assertThat(policy.getSpec().isSuspended()).isFalse();
    assertThat(policy.getStatus().getLatestRef().toString())
        .startsWith("registry.example.internal/payments/checkout-api:v2.14.1@sha256:");
    assertThat(policy.getStatus().getObservedPreviousRef())
        .hasToString("registry.example.internal/payments/checkout-api:v2.14.0@sha256:9a8b7c6d5e4f");
  }

  @Test
  @DisplayName("an ImageUpdateAutomation manifest binds source, Git settings and observed policies")
  void imageUpdateAutomationBindsTypedValues() {
    ImageUpdateAutomation automation =
        Manifests.bind(
            Manifests.tree(DIR + "imageupdateautomation.yaml"), ImageUpdateAutomation.class);

    ImageUpdateAutomationSpec spec = automation.getSpec();
    assertThat(spec.getSourceRef().getKind()).isEqualTo(SourceKind.GitRepository);
    assertThat(spec.getGit().getCommit().getSigningKey().getType()).isEqualTo(SigningKeyType.ssh);
    assertThat(spec.getGit().getPush().getOptions()).containsEntry("merge_request.target", "main");
    assertThat(spec.getPolicySelector().getMatchExpressions())
        .extracting(LabelSelectorRequirement::getOperator)
        .containsExactly("NotIn", "Exists");
    assertThat(spec.getUpdate().getStrategy()).isEqualTo(UpdateStrategyName.Setters);
    assertThat(automation.getStatus().getObservedPolicies().get("ledger"))
        .isEqualTo(new ImageRef("registry.example.internal/payments/ledger", "2026.03.01", null));
  }

  @Test
  @DisplayName("a policy built in code is written with Flux's names and without absent fields")
  void newPolicyWritesOnlyWhatIsSet() {
    ImagePolicy policy = new ImagePolicy();
    policy.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("web").build());
    ImagePolicySpec spec = new ImagePolicySpec();
    spec.setImageRepositoryRef(new NamespacedObjectReference("web", null));
    ImagePolicyChoice choice = new ImagePolicyChoice();
    SemVerPolicy semver = new SemVerPolicy();
    semver.setRange("1.x");
    choice.setSemver(semver);
    spec.setPolicy(choice);
    policy.setSpec(spec);

    JsonNode written = Manifests.writeAndReparse(policy);

    assertThat(written.path("apiVersion").asText()).isEqualTo(GroupVersion.API_VERSION);
    assertThat(written.path("kind").asText()).isEqualTo(ImagePolicy.KIND);
    assertThat(written.has("status")).isFalse();
    assertThat(written.path("spec").toString())
        .isEqualTo(
            "{\"imageRepositoryRef\":{\"name\":\"web\"},\"policy\":{\"semver\":{\"range\":\"1.x\"}}}");
  }
}
