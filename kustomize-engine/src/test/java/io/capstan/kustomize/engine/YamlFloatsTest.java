package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Floats in a build's output: kustomize prints every resource through JSON and back to YAML ({@code
 * sigs.k8s.io/yaml}'s {@code JSONToYAML}, go-yaml v2), so whatever the source spelled, a float
 * comes out as go-yaml writes a {@code float64} ({@code strconv.FormatFloat(f, 'g', -1, 64)}:
 * {@code 1e-07}) unless its JSON text reads back as an integer. The expected texts were recorded
 * from {@code kubectl kustomize} (kustomize v5.5); where kubectl is installed the build is also
 * compared with its output live, in a plain field, through a strategic merge patch and through a
 * JSON 6902 patch.
 */
class YamlFloatsTest {
  @TempDir Path tmp;

  /**
   * Source scalar, then what kubectl kustomize v5.5 prints (null: the build fails), and where it
   * differs, what it prints after a JSON 6902 patch (which turns every number into a float64).
   */
  static Stream<Arguments> floats() {
    return Stream.of(
        Arguments.of("1e-7", "1e-07"),
        Arguments.of("1E-7", "1e-07"),
        Arguments.of("0.0000001", "1e-07"),
        Arguments.of("1e+21", "1e+21"),
        Arguments.of("1e21", "1e+21"),
        Arguments.of("1e20", "1e+20"),
        Arguments.of("0.000001", "1e-06"),
        Arguments.of("0.0001", "0.0001"),
        Arguments.of("0.00001", "1e-05"),
        Arguments.of("1.5e300", "1.5e+300"),
        Arguments.of("-0.0", "0"),
        Arguments.of("0.0", "0"),
        Arguments.of("100000000000000000000.0", "1e+20"),
        Arguments.of("100000000000000000000", "1e+20"),
        Arguments.of("18446744073709551615", "18446744073709551615", "1.8446744073709552e+19"),
        Arguments.of("9007199254740993", "9007199254740993", "9007199254740992"),
        Arguments.of("18446744073709551616", "1.8446744073709552e+19"),
        Arguments.of("-9223372036854775809", "-9.223372036854776e+18"),
        Arguments.of("123456.5", "123456.5"),
        Arguments.of("1234567.5", "1.2345675e+06"),
        Arguments.of("1000000.0", "1000000"),
        Arguments.of("9007199254740993.0", "9007199254740992"),
        Arguments.of("1e15", "1000000000000000"),
        Arguments.of(".5", "0.5"),
        Arguments.of("5.", "5"),
        Arguments.of("-1.25", "-1.25"),
        Arguments.of("+2.5", "2.5"),
        Arguments.of("1_000", "1000"),
        Arguments.of("3.14159265358979323846", "3.141592653589793"),
        Arguments.of("1e-320", "1e-320"),
        Arguments.of("4.9e-324", "5e-324"),
        Arguments.of("1.7976931348623157e308", "1.7976931348623157e+308"),
        Arguments.of("1e400", "1e400"),
        Arguments.of("1e-400", "0"),
        Arguments.of("\"1e-7\"", "\"1e-7\""),
        Arguments.of("0x1F", "31"),
        Arguments.of("0b101", "5"),
        Arguments.of("-0x8000000000000000", "-9223372036854775808", "-9.223372036854776e+18"),
        Arguments.of("-0x8000000000000001", "-0x8000000000000001"),
        Arguments.of("0x1FFFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFFF"),
        Arguments.of("NaN", "NaN"),
        Arguments.of("Infinity", "Infinity"),
        Arguments.of(".nan", null),
        Arguments.of(".NaN", null),
        Arguments.of(".inf", null),
        Arguments.of("-.Inf", null),
        Arguments.of("+.INF", null));
  }

  private static final String CM_HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

  /** The three ways a value reaches the output. */
  enum Via {
    PLAIN,
    STRATEGIC_MERGE,
    JSON6902
  }

  static Stream<Arguments> cases() {
    return floats()
        .flatMap(
            a ->
                Stream.of(Via.values())
                    .map(
                        p ->
                            Arguments.of(
                                p,
                                a.get()[0],
                                p == Via.JSON6902 && a.get().length > 2
                                    ? a.get()[2]
                                    : a.get()[1])));
  }

  private void write(Via how, String value) throws Exception {
    switch (how) {
      case PLAIN -> {
        Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- cm.yaml\n");
        Files.writeString(tmp.resolve("cm.yaml"), CM_HEAD + "spec:\n  v: " + value + "\n");
      }
      case STRATEGIC_MERGE -> {
        Files.writeString(
            tmp.resolve("kustomization.yaml"), "resources:\n- cm.yaml\npatches:\n- path: p.yaml\n");
        Files.writeString(tmp.resolve("cm.yaml"), CM_HEAD + "spec:\n  v: 1\n");
        Files.writeString(
            tmp.resolve("p.yaml"), CM_HEAD + "spec:\n  v: " + value + "\n  w: [" + value + "]\n");
      }
      case JSON6902 -> {
        Files.writeString(
            tmp.resolve("kustomization.yaml"),
            "resources:\n- cm.yaml\npatches:\n- target:\n    kind: ConfigMap\n"
                + "  patch: |-\n    - op: add\n      path: /spec/v\n      value: "
                + value
                + "\n");
        Files.writeString(tmp.resolve("cm.yaml"), CM_HEAD + "spec:\n  v: 1\n");
      }
    }
  }

  private String expected(Via how, String printed) {
    return CM_HEAD
        + "spec:\n  v: "
        + printed
        + "\n"
        + (how == Via.STRATEGIC_MERGE ? "  w:\n  - " + printed + "\n" : "");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  @DisplayName("prints the number as kubectl kustomize v5.5 does (recorded)")
  void printsAsKustomize(Via how, String value, String printed) throws Exception {
    write(how, value);
    if (printed == null) {
      assertThatThrownBy(() -> Kustomizer.render(Kustomizer.create().build(tmp)))
          .isInstanceOf(KustomizeException.class)
          .hasMessageContaining("json: unsupported value: ");
      return;
    }
    assertThat(Kustomizer.render(Kustomizer.create().build(tmp))).isEqualTo(expected(how, printed));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  @DisplayName("builds exactly as the local kubectl kustomize (skipped without kubectl)")
  void agreesWithKubectl(Via how, String value, String printed) throws Exception {
    Assumptions.assumeTrue(KustomizerFeatureTest.kubectlAvailable(), "kubectl not on PATH");
    write(how, value);
    Process p =
        new ProcessBuilder("kubectl", "kustomize", tmp.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      assertThatThrownBy(() -> Kustomizer.render(Kustomizer.create().build(tmp)))
          .isInstanceOf(KustomizeException.class);
      return;
    }
    assertThat(Kustomizer.render(Kustomizer.create().build(tmp))).isEqualTo(theirs);
  }
}
