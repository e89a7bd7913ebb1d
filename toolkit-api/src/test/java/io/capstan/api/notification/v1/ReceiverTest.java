package io.capstan.api.notification.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.Condition;
import io.capstan.api.testsupport.CrdFile;
import io.capstan.api.testsupport.Manifests;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("notification.toolkit.fluxcd.io/v1 Receiver")
class ReceiverTest {

  private static final String MANIFEST = "io/capstan/api/notification/v1/receiver.yaml";

  @Test
  @DisplayName("writing the model back reproduces the manifest, unknown fields included")
  void roundTripKeepsEveryField() {
    JsonNode original = Manifests.tree(MANIFEST);

    Receiver receiver = Manifests.bind(original, Receiver.class);

    assertThat(Manifests.writeAndReparse(receiver)).isEqualTo(original);
  }

  @Test
  @DisplayName("every field except the deliberately unknown ones binds to a typed property")
  void onlyUndeclaredFieldsStayUntyped() {
    JsonNode original = Manifests.tree(MANIFEST);

    Receiver receiver = Manifests.bind(original, Receiver.class);

    assertThat(Manifests.unknownFieldPaths(original, receiver))
        .containsExactly(
            "spec.futureRateLimit",
            "spec.oidcProviders[0].futureClockSkew",
            "spec.resources[1].futurePriority");
  }

  @Test
  @DisplayName("the test manifest sets every field the generated CRD declares")
  void manifestExercisesWholeSchema() {
    CrdFile crd = CrdFile.load("receivers", GroupVersion.GROUP);

    assertThat(crd.declaredPathsOf(Manifests.tree(MANIFEST))).containsAll(crd.leafPaths());
  }

  @Test
  @DisplayName("a Receiver manifest binds type, resources and OIDC providers to typed values")
  void bindsTypedValues() {
    ReceiverSpec spec = Manifests.bind(Manifests.tree(MANIFEST), Receiver.class).getSpec();

    assertThat(spec.getType()).isEqualTo(ReceiverType.generic_oidc);
    assertThat(spec.getResources())
        .extracting(CrossNamespaceObjectReference::getKind)
        .containsExactly(ResourceKind.GitRepository, ResourceKind.OCIRepository);
    assertThat(spec.getResources().get(0).getFilter()).isEqualTo("req.ref == 'refs/heads/main'");
    assertThat(spec.getResources().get(1).getMatchLabels())
        .containsEntry("deploy.example.com/auto", "true");
    OidcProvider github = spec.getOidcProviders().get(0);
    assertThat(github.getIssuerURL()).isEqualTo("https://token.actions.githubusercontent.com");
    assertThat(github.getValidations()).extracting(OidcValidation::getExpression).hasSize(2);
    assertThat(github.getVariables()).extracting(OidcVariable::getName).containsExactly("owner");
    assertThat(spec.isSuspended()).isFalse();
  }

  @Test
  @DisplayName("a Receiver status binds the webhook path and conditions")
  void bindsStatus() {
    ReceiverStatus status = Manifests.bind(Manifests.tree(MANIFEST), Receiver.class).getStatus();

    assertThat(status.getWebhookPath()).startsWith("/hook/");
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(status.getConditions()).singleElement().matches(Condition::isTrue);
  }

  static Stream<Arguments> enums() {
    return Stream.of(
        Arguments.of(
            ReceiverType.class,
            List.of(
                "generic",
                "generic-hmac",
                "generic-oidc",
                "github",
                "gitlab",
                "bitbucket",
                "harbor",
                "dockerhub",
                "quay",
                "gcr",
                "nexus",
                "acr",
                "cdevents")),
        Arguments.of(
            ResourceKind.class,
            List.of(
                "Bucket",
                "GitRepository",
                "Kustomization",
                "HelmRelease",
                "HelmChart",
                "HelmRepository",
                "ImageRepository",
                "ImagePolicy",
                "ImageUpdateAutomation",
                "OCIRepository",
                "ArtifactGenerator",
                "ExternalArtifact")));
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
  @DisplayName("the generated CRD has Flux's names, columns, status subresource and rules")
  void generatedCrd() {
    CrdFile crd = CrdFile.load("receivers", GroupVersion.GROUP);
    JsonNode spec = crd.schema().path("properties").path("spec");
    JsonNode ready = crd.schema().path("properties").path("status");

    assertThat(crd.crd().path("spec").path("scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.shortNames()).isEmpty();
    assertThat(crd.categories()).containsExactly("all", "fluxcd", "fluxcd-notifications");
    assertThat(crd.printerColumns())
        .containsExactlyInAnyOrder(
            "Age|.metadata.creationTimestamp|date|0",
            "Ready|.status.conditions[?(@.type==\"Ready\")].status|string|0",
            "Status|.status.conditions[?(@.type==\"Ready\")].message|string|0");
    assertThat(crd.version().path("name").asText()).isEqualTo("v1");
    assertThat(crd.version().path("storage").asBoolean()).isTrue();
    assertThat(crd.version().path("subresources").has("status")).isTrue();
    assertThat(ready.path("default").toString()).isEqualTo("{\"observedGeneration\":-1}");
    assertThat(spec.path("x-kubernetes-validations")).hasSize(4);
    assertThat(
            spec.path("properties").path("oidcProviders").path("x-kubernetes-list-type").asText())
        .isEqualTo("map");
  }
}
