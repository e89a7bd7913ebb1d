package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseNamesTest {

  @DisplayName("shortens release names over 53 characters as Flux (Flux's own test vectors)")
  @ParameterizedTest(name = "[{index}] ''{0}''")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      value = {
        "release-name | release-name",
        "release-name-with-very-long-name-which-is-longer-than-53-characters"
            + " | release-name-with-very-long-name-which-i-788ca0d0d7b0",
        "another-release-name-with-very-long-name-which-is-longer-than-53-characters"
            + " | another-release-name-with-very-long-name-7e72150d5a36",
        "'' | ''",
        "exactly-fifty-three-characters-long-name-0123456789ab"
            + " | exactly-fifty-three-characters-long-name-0123456789ab"
      })
  void shortens(String name, String expected) {
    assertThat(ReleaseNames.shorten(name)).isEqualTo(expected).hasSizeLessThanOrEqualTo(53);
  }

  @DisplayName("release name: spec.releaseName, else <targetNamespace>-<name>, else <name>")
  @ParameterizedTest(name = "releaseName={0} targetNamespace={1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "-        | -      | podinfo",
        "-        | apps   | apps-podinfo",
        "custom   | apps   | custom",
        "custom   | -      | custom",
      })
  void releaseName(String releaseName, String targetNamespace, String expected) {
    HelmRelease hr = release(releaseName, targetNamespace, null);
    assertThat(ReleaseNames.releaseName(hr)).isEqualTo(expected);
    assertThat(ReleaseNames.releaseNamespace(hr))
        .isEqualTo(targetNamespace == null ? "flux" : targetNamespace);
    assertThat(ReleaseNames.helmChartName(hr)).isEqualTo("flux-podinfo");
  }

  @DisplayName("storage namespace: spec.storageNamespace, else the HelmRelease's namespace")
  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {"-,flux", "helm-storage,helm-storage"})
  void storageNamespace(String storage, String expected) {
    assertThat(ReleaseNames.storageNamespace(release(null, "apps", storage))).isEqualTo(expected);
  }

  static HelmRelease release(String releaseName, String targetNamespace, String storage) {
    HelmRelease hr = new HelmRelease();
    hr.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("flux").build());
    HelmReleaseSpec spec = new HelmReleaseSpec();
    spec.setReleaseName(releaseName);
    spec.setTargetNamespace(targetNamespace);
    spec.setStorageNamespace(storage);
    hr.setSpec(spec);
    return hr;
  }
}
