package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeBinaryVersionsTest {

  @Test
  @DisplayName("the pinned versions come from the go.mod shipped on the classpath")
  void pinnedFromShippedGoMod() {
    KubeBinaryVersions pinned = KubeBinaryVersions.pinned();
    assertThat(pinned.kubernetes()).matches("1\\.(3[3-9])\\.\\d+");
    assertThat(pinned.etcd()).startsWith("3.");
    assertThat(pinned.kwok()).matches("0\\.\\d+\\.\\d+");
    assertThat(pinned.cacheKey()).isEqualTo(pinned.kubernetes() + "-" + pinned.moduleDigest());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "single-line requires | require k8s.io/kubernetes v1.36.3\\nrequire go.etcd.io/etcd/server/v3"
            + " v3.6.8\\nrequire sigs.k8s.io/kwok v0.8.0 | 1.36.3 | 3.6.8 | 0.8.0",
        "require block, indirect | require (\\n\\tgo.etcd.io/etcd/server/v3 v3.7.1\\n\\tk8s.io/kubernetes"
            + " v1.37.2 // indirect\\n\\tsigs.k8s.io/kwok v0.9.0 // indirect\\n) | 1.37.2 | 3.7.1 |"
            + " 0.9.0",
      })
  @DisplayName("versions are read from require lines in either form")
  void parsesRequireLines(String name, String goMod, String k8s, String etcd, String kwok) {
    KubeBinaryVersions versions =
        KubeBinaryVersions.parse(goMod.replace("\\n", "\n").replace("\\t", "\t"), "");
    assertThat(versions.kubernetes()).isEqualTo(k8s);
    assertThat(versions.etcd()).isEqualTo(etcd);
    assertThat(versions.kwok()).isEqualTo(kwok);
  }

  @Test
  @DisplayName("a different go.sum names a different cache directory")
  void digestCoversGoSum() {
    String goMod =
        "require k8s.io/kubernetes v1.36.3\nrequire go.etcd.io/etcd/server/v3 v3.6.8\n"
            + "require sigs.k8s.io/kwok v0.8.0\n";
    assertThat(KubeBinaryVersions.parse(goMod, "a").cacheKey())
        .isNotEqualTo(KubeBinaryVersions.parse(goMod, "b").cacheKey());
  }

  @Test
  @DisplayName("a go.mod without the kubernetes requirement is rejected")
  void missingRequirement() {
    assertThatThrownBy(() -> KubeBinaryVersions.parse("module x\n", ""))
        .hasMessageContaining("k8s.io/kubernetes");
  }
}
