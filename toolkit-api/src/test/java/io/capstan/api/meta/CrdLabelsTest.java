package io.capstan.api.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.ExternalArtifact;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.api.testsupport.CrdFile;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated CRDs carry Flux's labels, which `flux check` selects CRDs by. */
class CrdLabelsTest {

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(GitRepository.class, "source-controller"),
        Arguments.of(OCIRepository.class, "source-controller"),
        Arguments.of(HelmRepository.class, "source-controller"),
        Arguments.of(HelmChart.class, "source-controller"),
        Arguments.of(Bucket.class, "source-controller"),
        Arguments.of(ExternalArtifact.class, "source-controller"),
        Arguments.of(Kustomization.class, "kustomize-controller"),
        Arguments.of(HelmRelease.class, "helm-controller"),
        Arguments.of(Alert.class, "notification-controller"),
        Arguments.of(Provider.class, "notification-controller"),
        Arguments.of(Receiver.class, "notification-controller"),
        Arguments.of(ImageRepository.class, "image-reflector-controller"),
        Arguments.of(ImagePolicy.class, "image-reflector-controller"),
        Arguments.of(ImageUpdateAutomation.class, "image-automation-controller"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("kinds")
  @DisplayName("each CRD is labelled part-of=flux and with the controller that reconciles it")
  void labelled(Class<? extends CustomResource<?, ?>> kind, String component) {
    CustomResourceDefinition crd = CrdFile.typed(kind);
    assertThat(crd.getMetadata().getLabels())
        .containsEntry(FluxLabels.PART_OF_KEY, FluxLabels.PART_OF_VALUE)
        .containsEntry(FluxLabels.COMPONENT_KEY, component)
        .hasSize(2);
  }
}
