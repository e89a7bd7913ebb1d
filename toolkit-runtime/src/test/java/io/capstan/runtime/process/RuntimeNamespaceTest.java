package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeNamespaceTest {

  @ParameterizedTest(name = "env={0}, file={1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "flux-system, apps, flux-system",
        "-, 'apps\n', apps",
        "' ', apps, apps",
        "-, -, -",
        "-, '', -"
      })
  @DisplayName("$RUNTIME_NAMESPACE wins, else the service account's namespace file, else none")
  void resolves(String env, String file, String expected, @TempDir Path tmp) throws Exception {
    Path namespaceFile = tmp.resolve("namespace");
    if (file != null) {
      Files.writeString(namespaceFile, file);
    }
    assertThat(RuntimeNamespace.resolve(env, namespaceFile)).isEqualTo(expected);
  }
}
