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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What kustomize's output does to strings on their way through JSON and back (go-yaml v2 reading
 * Go's JSON text): a NEL folds like a line break, a NEL in a key or a folded {@code ---} fails, DEL
 * and C1 controls fail; and the {@code \/} escape go-yaml refuses. Recorded from {@code kubectl
 * kustomize} v5.5 and compared live where kubectl is installed.
 */
class YamlReadBackTest {
  @TempDir Path tmp;

  /** The key and the double-quoted source of data.k; what kubectl prints for it, or its error. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("k", "a\\Nb c\\N", "  k: 'a b c '\n", null),
        Arguments.of("k", "\\Nx", "  k: ' x'\n", null),
        Arguments.of("k", "x\\N\\Ny", "  k: |-\n    x\n    y\n", null),
        Arguments.of("k", "x\\N\\N\\N-- y\\N ", "  k: \"x\\n\\n-- y \"\n", null),
        Arguments.of("k", "a \\N  b", "  k: a b\n", null),
        Arguments.of("k", "x\\N---", "  k: x ---\n", null),
        Arguments.of("k", "x\\N ---", "  k: x ---\n", null),
        Arguments.of("k", "x\\N\\N---a", "  k: |-\n    x\n    ---a\n", null),
        Arguments.of("k", "a\\N\\tb", "  k: \"a \\tb\"\n", null),
        Arguments.of("k", "x\\N--- y", null, "yaml: line 2: found unexpected document indicator"),
        Arguments.of(
            "k", "x\\N\\N... y", null, "yaml: line 3: found unexpected document indicator"),
        Arguments.of("\\Nk\\N", "v", null, "yaml: line 2: did not find expected ',' or '}'"),
        Arguments.of("k", "a\\x7Fb", null, "yaml: control characters are not allowed"),
        Arguments.of("k", "a\\x80b", null, "yaml: control characters are not allowed"),
        Arguments.of("k", "a\\x9Fb", null, "yaml: control characters are not allowed"),
        Arguments.of("k", "a\\uFFFEb", null, "yaml: control characters are not allowed"),
        Arguments.of("k", "a\\/b", null, "cm.yaml (line 6, column 11): found unknown escape"));
  }

  private void write(String key, String value) throws Exception {
    Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- cm.yaml\n");
    Files.writeString(
        tmp.resolve("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  \""
            + key
            + "\": \""
            + value
            + "\"\n",
        StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @DisplayName("prints (or fails) as kubectl kustomize v5.5 (recorded)")
  void recorded(String key, String value, String printed, String error) throws Exception {
    write(key, value);
    if (error != null) {
      assertThatThrownBy(() -> Kustomizer.render(Kustomizer.create().build(tmp)))
          .isInstanceOf(KustomizeException.class)
          .hasMessageContaining(error);
      return;
    }
    assertThat(Kustomizer.render(Kustomizer.create().build(tmp)))
        .isEqualTo("apiVersion: v1\ndata:\n" + printed + "kind: ConfigMap\nmetadata:\n  name: x\n");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @DisplayName("builds or fails exactly as the local kubectl kustomize (skipped without kubectl)")
  void agreesWithKubectl(String key, String value, String printed, String error) throws Exception {
    Assumptions.assumeTrue(KustomizerFeatureTest.kubectlAvailable(), "kubectl not on PATH");
    write(key, value);
    Process p =
        new ProcessBuilder("kubectl", "kustomize", tmp.toString())
            .redirectErrorStream(true)
            .start();
    String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (error != null) {
      assertThat(p.exitValue()).isNotZero();
      String goText = error.startsWith("yaml: ") ? error : "found unknown escape character";
      assertThat(theirs).contains(goText);
      assertThatThrownBy(() -> Kustomizer.render(Kustomizer.create().build(tmp)))
          .isInstanceOf(KustomizeException.class)
          .hasMessageContaining(goText);
      return;
    }
    assertThat(p.exitValue()).isZero();
    assertThat(Kustomizer.render(Kustomizer.create().build(tmp))).isEqualTo(theirs);
  }

  @Test
  @DisplayName("10,000 go-yaml-only escapes in one resource are read in one pass")
  void manyEscapes() throws Exception {
    StringBuilder b =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n");
    for (int k = 0; k < 10_000; k++) {
      b.append("  k").append(k).append(": \"a\\Lb\\'c\"\n");
    }
    var docs = io.capstan.kustomize.engine.yaml.YamlReader.readAll(b.toString(), "cm.yaml");
    var data = docs.get(0).path("data");
    assertThat(data.size()).isEqualTo(10_000);
    for (int k = 0; k < 10_000; k++) {
      assertThat(data.path("k" + k).textValue()).isEqualTo("a\u2028b'c");
    }
  }
}
