package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OciReferenceTest {

  private static final String D =
      "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        "oci://ghcr.io/org/app, ghcr.io, org/app, -, -",
        "ghcr.io/org/app:v1.0.0, ghcr.io, org/app, v1.0.0, -",
        "oci://127.0.0.1:5000/app:latest, 127.0.0.1:5000, app, latest, -",
        "localhost:5000/a/b/c@" + D + ", localhost:5000, a/b/c, -, " + D,
        "localhost/app:v1@" + D + ", localhost, app, v1, " + D,
        "nginx, registry-1.docker.io, library/nginx, -, -",
        "docker.io/fluxcd/flux:1, registry-1.docker.io, fluxcd/flux, 1, -",
      })
  @DisplayName("parses host, repository, tag and digest")
  void parses(String text, String registry, String repo, String tag, String digest) {
    OciReference ref = OciReference.parse(text);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repo);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
  }

  @ParameterizedTest
  @CsvSource({
    "https://ghcr.io/org/app, scheme",
    "ghcr.io/Org/App, invalid repository",
    "ghcr.io/app:bad~tag, invalid tag",
    "ghcr.io/app@sha256:123, invalid digest",
  })
  @DisplayName("rejects malformed references with a precise message")
  void rejects(String text, String message) {
    assertThatThrownBy(() -> OciReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("manifest reference prefers the digest, then the tag, then latest")
  void manifestReference() {
    OciReference ref = OciReference.parse("ghcr.io/app");
    assertThat(ref.manifestReference()).isEqualTo("latest");
    assertThat(ref.withTag("v1").manifestReference()).isEqualTo("v1");
    assertThat(OciReference.parse("ghcr.io/app:v1@" + D).manifestReference()).isEqualTo(D);
    assertThat(ref.withTag("v1")).hasToString("ghcr.io/app:v1");
  }
}
