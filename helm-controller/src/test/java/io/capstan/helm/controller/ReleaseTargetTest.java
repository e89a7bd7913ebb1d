package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ReleaseTarget#changed}: Flux's ReleaseTargetChanged comparisons. */
class ReleaseTargetTest {

  @ParameterizedTest(name = "{0}")
  @DisplayName("the release target changes with the storage namespace, namespace, name or chart")
  @CsvSource(
      nullValues = "-",
      value = {
        // case, spec storageNamespace, targetNamespace, releaseName, chart, status storage,
        // expected
        "unchanged, -, -, -, app, apps, -",
        "explicit storage namespace equal, apps, -, -, app, apps, -",
        "storage namespace, other, -, -, app, apps, storage namespace changed",
        "target namespace, -, prod, -, app, apps, release namespace changed",
        "release name, -, -, renamed, app, apps, release name changed",
        "chart name, -, -, -, other-chart, apps, chart name changed",
        "nothing released yet (no status storage namespace), other, -, -, app, -, -",
      })
  void changed(
      String name,
      String storageNamespace,
      String targetNamespace,
      String releaseName,
      String chart,
      String statusStorage,
      String expected) {
    HelmRelease hr = new HelmRelease();
    hr.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("apps").build());
    HelmReleaseSpec spec = new HelmReleaseSpec();
    spec.setStorageNamespace(storageNamespace);
    spec.setTargetNamespace(targetNamespace);
    spec.setReleaseName(releaseName);
    hr.setSpec(spec);
    HelmReleaseStatus status = new HelmReleaseStatus();
    status.setStorageNamespace(statusStorage);
    HelmReleaseSnapshot cur = new HelmReleaseSnapshot();
    cur.setName(targetNamespace == null || releaseName != null ? "web" : "prod-web");
    cur.setNamespace("apps");
    cur.setVersion(1);
    cur.setChartName("app");
    cur.setStatus("deployed");
    status.setHistory(List.of(cur));
    hr.setStatus(status);

    assertThat(ReleaseTarget.changed(hr, chart).orElse(null)).as(name).isEqualTo(expected);
  }
}
