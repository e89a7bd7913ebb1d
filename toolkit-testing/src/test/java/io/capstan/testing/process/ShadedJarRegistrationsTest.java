package io.capstan.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadedJarRegistrationsTest {

  @TempDir Path dir;

  private Path jar(String registry) throws IOException {
    Path jar = dir.resolve("controller.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      zip.putNextEntry(new JarEntry("other.txt"));
      zip.write("x".getBytes(StandardCharsets.UTF_8));
      if (registry != null) {
        zip.putNextEntry(new JarEntry(ShadedJarRegistrations.REGISTRY));
        zip.write(registry.getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  @Test
  void readsRegistrationsSkippingCommentsAndBlankLines() throws IOException {
    Path jar = jar("# fabric8\n\n io.fabric8.kubernetes.api.model.Secret \nio.a.B\n");

    assertThat(ShadedJarRegistrations.read(jar))
        .containsExactly("io.fabric8.kubernetes.api.model.Secret", "io.a.B");
  }

  @Test
  void passesForATrimmedRegistry() throws IOException {
    List<String> lines = new ArrayList<>(ShadedJarRegistrations.KINDS_CONTROLLERS_READ);
    lines.add("io.fabric8.kubernetes.api.model.ConfigMap");

    ShadedJarRegistrations.assertTrimmed(jar(String.join("\n", lines)));
  }

  @Test
  void namesMissingKindsAndUnwantedGroups() throws IOException {
    Path jar =
        jar(
            "io.fabric8.kubernetes.api.model.Secret\n"
                + "io.fabric8.kubernetes.api.model.apps.v1.Deployment\n");

    assertThatThrownBy(() -> ShadedJarRegistrations.assertTrimmed(jar))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing registration of io.fabric8.kubernetes.api.model.Event")
        .hasMessageContaining(
            "unexpected registration of io.fabric8.kubernetes.api.model.apps.v1.Deployment")
        .message()
        .doesNotContain("registration of io.fabric8.kubernetes.api.model.Secret");
  }

  @Test
  void failsWithoutARegistry() throws IOException {
    Path jar = jar(null);

    assertThatThrownBy(() -> ShadedJarRegistrations.read(jar))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is missing from");
  }
}
