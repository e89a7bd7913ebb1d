package io.capstan.api.kustomize.v1;

import static io.capstan.api.kustomize.v1.ManifestRoundTrip.read;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.tree;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.without;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.writtenDeclaredFields;
import static io.capstan.api.kustomize.v1.ManifestRoundTrip.writtenYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.common.ResourceRef;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.FluxStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Kustomization YAML round trip")
class KustomizationRoundTripTest {

  /** Example manifests and the fields in them that our model deliberately does not declare. */
  static Stream<Arguments> manifests() {
    return Stream.of(
        arguments(
            "kustomization-full.yaml",
            List.of(
                "spec.shardKey",
                "spec.sourceRefOverride",
                "status.conditions[].severity",
                "status.history[].driftCorrections",
                "status.lastAppliedPlan")),
        arguments("kustomization-minimal.yaml", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("writes back exactly what it read, unknown fields included, nothing added")
  void keepsEveryField(String resource, List<String> unknownFields) {
    Kustomization kustomization = read(getClass(), resource, Kustomization.class);

    assertThat(writtenYaml(kustomization)).isEqualTo(tree(getClass(), resource));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  @DisplayName("binds every Flux field to a declared property; only unknown fields are kept aside")
  void bindsEveryKnownField(String resource, List<String> unknownFields) {
    Kustomization kustomization = read(getClass(), resource, Kustomization.class);

    assertThat(writtenDeclaredFields(kustomization))
        .isEqualTo(without(tree(getClass(), resource), unknownFields));
  }

  @Test
  @DisplayName("exposes spec values through typed getters and enums")
  void typedSpec() {
    KustomizationSpec spec =
        read(getClass(), "kustomization-full.yaml", Kustomization.class).getSpec();

    assertThat(spec.getSourceRef().getKind()).isEqualTo(SourceKind.OCIRepository);
    assertThat(spec.getSourceRef().getNamespace()).isEqualTo("flux-system");
    assertThat(spec.getDeletionPolicy()).isEqualTo(DeletionPolicy.WaitForTermination);
    assertThat(spec.getPrune()).isTrue();
    assertThat(spec.isSuspended()).isFalse();
    assertThat(spec.getKubeConfig().getSecretRef().getKey()).isEqualTo("value.yaml");
    assertThat(spec.getDependsOn())
        .extracting(DependencyReference::getName, DependencyReference::getNamespace)
        .containsExactly(tuple("cert-manager", "infra"), tuple("payments-db", null));
    assertThat(spec.getPostBuild().getSubstituteFrom())
        .extracting(SubstituteReference::getKind, SubstituteReference::getOptional)
        .containsExactly(
            tuple(VariablesSourceKind.ConfigMap, null), tuple(VariablesSourceKind.Secret, true));
    assertThat(spec.getPostBuild().getSubstituteStrategy()).isEqualTo(SubstituteStrategy.Always);
    assertThat(spec.getDecryption().getProvider()).isEqualTo(DecryptionProvider.sops);
    assertThat(spec.getBuildMetadata()).containsExactly(BuildMetadataOption.originAnnotations);
    assertThat(spec.getPatches().get(0).getTarget().getLabelSelector()).isEqualTo("tier=api");
    assertThat(spec.getIgnore().get(0).getTarget().getAnnotationSelector())
        .isEqualTo("autoscaled=true");
    assertThat(spec.getHealthCheckExprs().get(0).getFailed()).isEqualTo("status.phase == 'Failed'");
    assertThat(spec.additionalProperties()).containsOnlyKeys("shardKey", "sourceRefOverride");
  }

  @Test
  @DisplayName("exposes status values through the FluxStatus contract and typed getters")
  void typedStatus() {
    KustomizationStatus status =
        read(getClass(), "kustomization-full.yaml", Kustomization.class).getStatus();
    FluxStatus contract = status;

    assertThat(contract.getObservedGeneration()).isEqualTo(7L);
    assertThat(contract.getLastHandledReconcileAt()).isEqualTo("2026-03-02T10:15:00Z");
    assertThat(contract.getConditions())
        .extracting(Condition::getType, Condition::isTrue)
        .containsExactly(tuple("Ready", true), tuple("Healthy", true));
    assertThat(status.getInventory().getEntries())
        .extracting(ResourceRef::getId, ResourceRef::getV)
        .contains(tuple("payments_pay-api-eu1_apps_Deployment", "v1"));
    assertThat(status.getHistory().get(0).getTotalReconciliations()).isEqualTo(412L);
    assertThat(status.getHistory().get(0).getMetadata())
        .containsEntry("revision", "v2.14.1@sha256:9f86d081");
  }

  @Test
  @DisplayName("a Kustomization built in code serializes without status or unset fields")
  void builtInCode() {
    CrossNamespaceSourceReference source = new CrossNamespaceSourceReference();
    source.setKind(SourceKind.GitRepository);
    source.setName("fleet-infra");
    KustomizationSpec spec = new KustomizationSpec();
    spec.setSourceRef(source);
    spec.setInterval("1h");
    spec.setPrune(true);
    spec.setPath("./infrastructure/controllers");
    Kustomization kustomization = new Kustomization();
    kustomization.setMetadata(new ObjectMeta());
    kustomization.getMetadata().setName("infra-controllers");
    kustomization.getMetadata().setNamespace("flux-system");
    kustomization.setSpec(spec);

    JsonNode written = writtenYaml(kustomization);

    assertThat(written).isEqualTo(tree(getClass(), "kustomization-minimal.yaml"));
    assertThat(written.path("apiVersion").asText()).isEqualTo(GroupVersion.API_VERSION);
  }
}
