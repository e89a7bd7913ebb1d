package io.capstan.api.notification.v1beta3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.notification.v1.CrossNamespaceObjectReference;
import io.capstan.api.notification.v1.ResourceKind;
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

@DisplayName("notification.toolkit.fluxcd.io/v1beta3 Alert and Provider")
class AlertProviderTest {

  private static final String DIR = "io/capstan/api/notification/v1beta3/";

  static Stream<Arguments> manifests() {
    return Stream.of(
        arguments(
            Alert.class,
            "alert.yaml",
            "alerts",
            List.of("spec.eventSources[2].futureRevisionFilter", "spec.futureThrottle")),
        arguments(Provider.class, "provider.yaml", "providers", List.of("spec.futureRetry")));
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("the generated CRD serves v1beta3 without status, as a static object")
  void generatedCrdHasNoStatus(Class<?> kind, String file, String plural, List<String> unknown) {
    CrdFile crd = CrdFile.load(plural, GroupVersion.GROUP);

    assertThat(crd.version().path("name").asText()).isEqualTo("v1beta3");
    assertThat(crd.version().path("served").asBoolean()).isTrue();
    assertThat(crd.version().path("storage").asBoolean()).isTrue();
    assertThat(crd.version().path("subresources").has("status")).isFalse();
    assertThat(crd.schema().path("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "spec");
    assertThat(crd.shortNames()).isEmpty();
    assertThat(crd.categories()).containsExactly("all", "fluxcd", "fluxcd-notifications");
    assertThat(crd.printerColumns()).containsExactly("Age|.metadata.creationTimestamp|date|0");
  }

  @Test
  @DisplayName("an Alert manifest binds provider, severity and event sources to typed values")
  void alertBindsTypedValues() {
    AlertSpec spec = Manifests.bind(Manifests.tree(DIR + "alert.yaml"), Alert.class).getSpec();

    assertThat(spec.getProviderRef()).isEqualTo(new LocalObjectReference("oncall-chat"));
    assertThat(spec.getEventSeverity()).isEqualTo(EventSeverity.error);
    assertThat(spec.getEventSources())
        .extracting(CrossNamespaceObjectReference::getKind)
        .containsExactly(
            ResourceKind.Kustomization, ResourceKind.HelmRelease, ResourceKind.ExternalArtifact);
    assertThat(spec.getEventMetadata()).containsEntry("cluster", "prod-eu-1");
    assertThat(spec.isSuspended()).isFalse();
  }

  @Test
  @DisplayName("a Provider manifest binds type and references to typed values")
  void providerBindsTypedValues() {
    ProviderSpec spec =
        Manifests.bind(Manifests.tree(DIR + "provider.yaml"), Provider.class).getSpec();

    assertThat(spec.getType()).isEqualTo(ProviderType.github);
    assertThat(spec.getSecretRef()).isEqualTo(new LocalObjectReference("github-token"));
    assertThat(spec.getTimeout()).isEqualTo("20s");
    assertThat(spec.isSuspended()).isTrue();
  }

  @Test
  @DisplayName("the Provider CRD restricts commitStatusExpr to the Git commit status types")
  void providerCommitStatusRule() {
    JsonNode rules =
        CrdFile.load("providers", GroupVersion.GROUP)
            .schema()
            .path("properties")
            .path("spec")
            .path("x-kubernetes-validations");

    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).path("rule").asText())
        .contains("self.type == 'azuredevops'")
        .endsWith("!has(self.commitStatusExpr)");
  }

  static Stream<Arguments> enums() {
    return Stream.of(
        arguments(EventSeverity.class, List.of("info", "error")),
        arguments(
            ProviderType.class,
            List.of(
                "slack",
                "discord",
                "msteams",
                "rocket",
                "generic",
                "generic-hmac",
                "github",
                "gitlab",
                "gitea",
                "giteapullrequestcomment",
                "bitbucketserver",
                "bitbucket",
                "azuredevops",
                "googlechat",
                "googlepubsub",
                "webex",
                "sentry",
                "azureeventhub",
                "telegram",
                "lark",
                "matrix",
                "opsgenie",
                "alertmanager",
                "grafana",
                "githubdispatch",
                "githubpullrequestcomment",
                "gitlabmergerequestcomment",
                "pagerduty",
                "datadog",
                "nats",
                "zulip",
                "otel")));
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
}
