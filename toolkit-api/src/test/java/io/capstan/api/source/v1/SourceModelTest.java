package io.capstan.api.source.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Suspendable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("source model beans")
class SourceModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every enum constant with the exact string Flux uses on the wire. */
  static Stream<Arguments> wireValues() {
    return Stream.of(
        Arguments.of(HelmRepositoryType.DEFAULT, "default"),
        Arguments.of(HelmRepositoryType.OCI, "oci"),
        Arguments.of(GitVerificationMode.head, "head"),
        Arguments.of(GitVerificationMode.HEAD, "HEAD"),
        Arguments.of(GitVerificationMode.TagAndHEAD, "TagAndHEAD"),
        Arguments.of(GitProvider.github, "github"),
        Arguments.of(OCIProvider.gcp, "gcp"),
        Arguments.of(BucketProvider.azure, "azure"),
        Arguments.of(BucketSTSProvider.ldap, "ldap"),
        Arguments.of(OCILayerOperation.copy, "copy"),
        Arguments.of(VerificationProvider.notation, "notation"),
        Arguments.of(HelmChartSourceKind.GitRepository, "GitRepository"),
        Arguments.of(HelmChartReconcileStrategy.ChartVersion, "ChartVersion"));
  }

  @ParameterizedTest(name = "{0} <-> \"{1}\"")
  @MethodSource("wireValues")
  @DisplayName("enum constants read and write Flux's exact values")
  void enumWireValues(Enum<?> constant, String wire) throws Exception {
    assertThat(JSON.writeValueAsString(constant)).isEqualTo('"' + wire + '"');
    assertThat(JSON.readValue('"' + wire + '"', constant.getDeclaringClass())).isSameAs(constant);
  }

  @Test
  @DisplayName("rejects an enum value Flux does not define instead of guessing")
  void rejectsUnknownEnumValue() {
    assertThatThrownBy(() -> JSON.readValue("{\"provider\":\"github\"}", BucketSpec.class))
        .isInstanceOf(InvalidFormatException.class);
  }

  static Stream<Arguments> suspendCases() {
    return Stream.of(
        Arguments.of(null, false), Arguments.of(Boolean.FALSE, false), Arguments.of(true, true));
  }

  @ParameterizedTest(name = "suspend={0} -> suspended={1}")
  @MethodSource("suspendCases")
  @DisplayName("every source spec with spec.suspend reports suspension, absent meaning running")
  void suspension(Boolean suspend, boolean suspended) {
    GitRepositorySpec git = new GitRepositorySpec();
    git.setSuspend(suspend);
    OCIRepositorySpec oci = new OCIRepositorySpec();
    oci.setSuspend(suspend);
    HelmRepositorySpec helmRepo = new HelmRepositorySpec();
    helmRepo.setSuspend(suspend);
    HelmChartSpec chart = new HelmChartSpec();
    chart.setSuspend(suspend);
    BucketSpec bucket = new BucketSpec();
    bucket.setSuspend(suspend);

    assertThat(Stream.<Suspendable>of(git, oci, helmRepo, chart, bucket))
        .allSatisfy(s -> assertThat(s.isSuspended()).isEqualTo(suspended));
  }

  @Test
  @DisplayName("suspension helper does not leak into the serialized spec")
  void suspensionHelperNotSerialized() throws Exception {
    BucketSpec spec = new BucketSpec();
    spec.setSuspend(true);

    assertThat(JSON.writeValueAsString(spec)).isEqualTo("{\"suspend\":true}");
  }

  @Test
  @DisplayName("reconciled source statuses expose conditions, generation and artifact uniformly")
  void statusesShareInterfaces() {
    Artifact artifact = new Artifact();
    artifact.setRevision("main@sha1:abc");
    Stream<Object> statuses =
        Stream.of(
            new GitRepositoryStatus(),
            new OCIRepositoryStatus(),
            new HelmRepositoryStatus(),
            new HelmChartStatus(),
            new BucketStatus());

    assertThat(statuses)
        .allSatisfy(
            s -> {
              FluxStatus status = (FluxStatus) s;
              status.setObservedGeneration(-1L);
              assertThat(status.getObservedGeneration()).isEqualTo(-1L);
              assertThat(s).isInstanceOf(ArtifactSourceStatus.class);
            });
    ExternalArtifactStatus external = new ExternalArtifactStatus();
    external.setArtifact(artifact);
    assertThat(((ArtifactSourceStatus) external).getArtifact()).isSameAs(artifact);
    assertThat(external).isNotInstanceOf(FluxStatus.class);
  }

  @Test
  @DisplayName("an include equals its observed copy, so drift between spec and status is visible")
  void includeEquality() throws Exception {
    String json =
        "{\"repository\":{\"name\":\"shared\"},\"fromPath\":\"a\",\"toPath\":\"b\",\"x\":1}";
    GitRepositoryInclude fromSpec = JSON.readValue(json, GitRepositoryInclude.class);
    GitRepositoryInclude observed = new GitRepositoryInclude();
    observed.setRepository(new LocalObjectReference("shared"));
    observed.setFromPath("a");
    observed.setToPath("b");

    assertThat(fromSpec).isEqualTo(observed).hasSameHashCodeAs(observed);
    observed.setToPath("c");
    assertThat(fromSpec).isNotEqualTo(observed);
  }

  @Test
  @DisplayName("a layer selector equals its observed copy and differs on the operation")
  void layerSelectorEquality() {
    OCILayerSelector spec = new OCILayerSelector();
    spec.setMediaType("application/vnd.cncf.flux.content.v1.tar+gzip");
    spec.setOperation(OCILayerOperation.extract);
    OCILayerSelector observed = new OCILayerSelector();
    observed.setMediaType("application/vnd.cncf.flux.content.v1.tar+gzip");
    observed.setOperation(OCILayerOperation.extract);

    assertThat(spec).isEqualTo(observed).hasSameHashCodeAs(observed);
    observed.setOperation(OCILayerOperation.copy);
    assertThat(spec).isNotEqualTo(observed);
  }

  @Test
  @DisplayName("OCIRepository verification carries the shared fields plus the trusted root")
  void ociVerificationExtendsSignatureVerification() throws Exception {
    OCIRepositoryVerification verify =
        JSON.readValue(
            "{\"provider\":\"cosign\",\"secretRef\":{\"name\":\"keys\"},"
                + "\"trustedRootSecretRef\":{\"name\":\"root\"}}",
            OCIRepositoryVerification.class);

    assertThat(verify.getProvider()).isEqualTo(VerificationProvider.cosign);
    assertThat(verify.getSecretRef().getName()).isEqualTo("keys");
    assertThat(verify.getTrustedRootSecretRef().getName()).isEqualTo("root");
    assertThat(verify.additionalProperties()).isEmpty();
  }
}
