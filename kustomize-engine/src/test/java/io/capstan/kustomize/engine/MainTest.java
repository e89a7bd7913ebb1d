package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path tmp;

  private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("build prints the YAML stream and exits 0")
  void buildPrints() throws IOException {
    Files.writeString(tmp.resolve("kustomization.yaml"), "namePrefix: p-\nresources:\n- a.yaml\n");
    Files.writeString(
        tmp.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(out, err, "build", tmp.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-a\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  @DisplayName("an error prints one line on stderr and exits 1")
  void errorExitsOne() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(out, err, "build", tmp.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(e).startsWith("Error: ").contains("kustomization.yaml");
    assertThat(e.strip().lines()).hasSize(1);
  }

  @Test
  @DisplayName("a wrong command prints usage and exits 2")
  void usage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(out, err, "frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
  }
}
