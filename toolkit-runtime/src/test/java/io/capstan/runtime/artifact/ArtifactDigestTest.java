package io.capstan.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactDigestTest {

  // sha256("hello"), sha384("hello"), sha512("hello")
  static final String SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  static final String SHA384 =
      "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90"
          + "125a3c79f90397bdf5f6a13de828684f";
  static final String SHA512 =
      "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7"
          + "2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043";

  @ParameterizedTest(name = "{0}")
  @DisplayName("computes and verifies each supported algorithm")
  @CsvSource({"sha256, " + SHA256, "sha384, " + SHA384, "sha512, " + SHA512})
  void computesSupportedAlgorithms(String algorithm, String hex, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "hello", StandardCharsets.UTF_8);
    ArtifactDigest digest = ArtifactDigest.parse(algorithm + ":" + hex);
    assertThat(ArtifactDigest.of(file, algorithm)).isEqualTo(digest);
    digest.verify(file); // no exception
    assertThat(digest.toString()).isEqualTo(algorithm + ":" + hex);
  }

  @Test
  @DisplayName("reads a bare hex string as sha256, as Flux does")
  void bareHexIsSha256() throws Exception {
    assertThat(ArtifactDigest.parse(SHA256)).isEqualTo(new ArtifactDigest("sha256", SHA256));
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @DisplayName("refuses digests it cannot verify, saying why")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "blake3:" + SHA256 + "| unsupported digest algorithm 'blake3'",
        "md5:5d41402abc4b2a76b9719d911017c592| unsupported digest algorithm 'md5'",
        "SHA256:" + SHA256 + "| unsupported digest algorithm 'SHA256'",
        "sha256:abc| expected 64 lower-case hex characters",
        "sha256:"
            + "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824"
            + "| expected 64 lower-case hex characters",
        "sha512:" + SHA256 + "| expected 128 lower-case hex characters",
        "\" \"| empty digest"
      })
  void refusesUnusableDigests(String value, String reason) {
    assertThatThrownBy(() -> ArtifactDigest.parse(value))
        .isInstanceOf(InvalidDigestException.class)
        .hasMessageContaining(reason);
  }

  @Test
  @DisplayName("verification of changed content names both digests")
  void verifyReportsMismatch(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "hellO", StandardCharsets.UTF_8);
    ArtifactDigest expected = ArtifactDigest.parse("sha256:" + SHA256);
    assertThatThrownBy(() -> expected.verify(file))
        .isInstanceOfSatisfying(
            ArtifactDigestMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(expected);
              assertThat(e.actual().hex()).isNotEqualTo(SHA256).hasSize(64);
            })
        .hasMessageContaining("expected 'sha256:" + SHA256 + "'");
  }
}
