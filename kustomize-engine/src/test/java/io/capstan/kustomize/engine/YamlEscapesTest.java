package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.kustomize.engine.yaml.YamlReader;
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
 * Every double-quoted escape go-yaml v3 (kustomize's reader) accepts, including those SnakeYAML
 * Engine refuses ({@code \L}, {@code \P}, backslash-tab, {@code \'}): the value read, and the build
 * output against the local {@code kubectl kustomize} (that part skipped without kubectl).
 */
class YamlEscapesTest {
  @TempDir Path tmp;

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("\\0", "\u0000"),
        Arguments.of("\\a", "\u0007"),
        Arguments.of("\\b", "\b"),
        Arguments.of("\\t", "\t"),
        Arguments.of("\\\t", "\t"),
        Arguments.of("\\n", "\n"),
        Arguments.of("\\v", "\u000b"),
        Arguments.of("\\f", "\f"),
        Arguments.of("\\r", "\r"),
        Arguments.of("\\e", "\u001b"),
        Arguments.of("\\ ", " "),
        Arguments.of("\\\"", "\""),
        Arguments.of("\\'", "'"),
        Arguments.of("\\\\", "\\"),
        Arguments.of("\\N", "\u0085"),
        Arguments.of("\\_", "\u00a0"),
        Arguments.of("\\L", "\u2028"),
        Arguments.of("\\P", "\u2029"),
        Arguments.of("\\x41", "A"),
        Arguments.of("\\u00e9", "é"),
        Arguments.of("\\U0001F600", "\uD83D\uDE00"),
        Arguments.of("\\\n    ", ""), // an escaped line break: the line is folded without a space
        Arguments.of("\\L\\P\\L\\'", "\u2028\u2029\u2028'"));
  }

  private static String configMap(String escape) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: \"a"
        + escape
        + "b\"\n  plain: \\L\n  single: 'a\\Lb'\n";
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("escapes")
  @DisplayName("reads the escape as go-yaml does; plain and single-quoted backslashes stay as is")
  void reads(String escape, String value) {
    var cm = YamlReader.readOne(configMap(escape), "cm.yaml");
    assertThat(cm.path("data").path("k").textValue()).isEqualTo("a" + value + "b");
    assertThat(cm.path("data").path("plain").textValue()).isEqualTo("\\L");
    assertThat(cm.path("data").path("single").textValue()).isEqualTo("a\\Lb");
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("escapes")
  @DisplayName("builds exactly as the local kubectl kustomize (skipped without kubectl)")
  void agreesWithKubectl(String escape, String value) throws Exception {
    Assumptions.assumeTrue(KustomizerFeatureTest.kubectlAvailable(), "kubectl not on PATH");
    Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- cm.yaml\n");
    Files.writeString(tmp.resolve("cm.yaml"), configMap(escape), StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("kubectl", "kustomize", tmp.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Kustomizer.render(Kustomizer.create().build(tmp))).isEqualTo(theirs);
  }
}
