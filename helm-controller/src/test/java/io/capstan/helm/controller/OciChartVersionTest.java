package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flux's chart digest tracking for OCIRepository charts. */
class OciChartVersionTest {
  private static final String DIGEST =
      "sha256:6b46b2d6a8a2f9b1e2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829";

  @ParameterizedTest(name = "{0} @ {1}")
  @DisplayName("the digest becomes the chart version's build metadata; the OCI digest is recorded")
  @CsvSource({
    "1.0.0, 1.0.0@" + DIGEST + ", 1.0.0+6b46b2d6a8a2",
    "1.0.0, " + DIGEST + ", 1.0.0+6b46b2d6a8a2",
    "1.0.0+build.1, 1.0.0_build.1@" + DIGEST + ", 1.0.0+6b46b2d6a8a2",
    "1.0.0-rc.1, 1.0.0-rc.1@" + DIGEST + ", 1.0.0-rc.1+6b46b2d6a8a2",
    "v1.2, 1.2.0@" + DIGEST + ", 1.2.0+6b46b2d6a8a2",
  })
  void tracked(String chartVersion, String revision, String expected) {
    OciChartVersion v = OciChartVersion.track(chartVersion, revision);
    assertThat(v.version()).isEqualTo(expected);
    assertThat(v.ociDigest()).isEqualTo(DIGEST);
  }

  @Test
  @DisplayName("a tag that is not the chart version, or a malformed digest, is refused as Flux")
  void refused() {
    assertThatThrownBy(() -> OciChartVersion.track("1.0.0", "2.0.0@" + DIGEST))
        .hasMessage("artifact revision 2.0.0 does not match chart version 1.0.0");
    assertThatThrownBy(() -> OciChartVersion.track("1.0.0", "latest@" + DIGEST))
        .hasMessage("failed parsing artifact revision latest");
    assertThatThrownBy(() -> OciChartVersion.track("1.0.0", "sha256:abc"))
        .hasMessage("invalid artifact revision sha256:abc");
  }
}
