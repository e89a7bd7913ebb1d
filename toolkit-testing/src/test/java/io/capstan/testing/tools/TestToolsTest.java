package io.capstan.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.local.kube.KubeBinaryProvisioner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestToolsTest {

  @Test
  @DisplayName("sops() returns a runnable sops CLI of the version pinned in go-tools/go.mod")
  void sopsRunsAtThePinnedVersion() throws Exception {
    Path sops = TestTools.sops();
    assertThat(sops).isExecutable();
    if (System.getenv(TestTools.SOPS_ENV) == null) {
      assertThat(sops).startsWith(TestTools.cacheDirectory());
    }
    Process process =
        new ProcessBuilder(sops.toString(), "--version", "--disable-version-check")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("sops " + TestTools.sopsVersion());
  }

  @Test
  @DisplayName("ageKeygen() returns the age-keygen of sops's age module, making -pq keys")
  void ageKeygenRunsAtThePinnedVersion() throws Exception {
    Path ageKeygen = TestTools.ageKeygen();
    assertThat(ageKeygen).isExecutable().startsWith(TestTools.cacheDirectory());
    Process version =
        new ProcessBuilder(ageKeygen.toString(), "--version").redirectErrorStream(true).start();
    String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output.strip()).isEqualTo("v" + TestTools.ageVersion());
    Process keygen = new ProcessBuilder(ageKeygen.toString(), "-pq").start();
    String key = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(key).contains("# public key: age1pq1").contains("\nAGE-SECRET-KEY-PQ-1");
  }

  @Test
  @DisplayName("helm() returns a runnable helm v4 CLI of the version pinned in go-tools/go.mod")
  void helmRunsAtThePinnedVersion() throws Exception {
    Path helm = TestTools.helm();
    assertThat(helm).isExecutable();
    if (System.getenv(TestTools.HELM_ENV) == null) {
      assertThat(helm).startsWith(TestTools.cacheDirectory());
    }
    Process process =
        new ProcessBuilder(helm.toString(), "version", "--short").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).startsWith("v" + TestTools.helmVersion());
  }

  @Test
  @DisplayName("flux() returns a runnable flux CLI built from the flux2 module pinned in go.mod")
  void fluxRunsAtThePinnedVersion() throws Exception {
    Path flux = TestTools.flux();
    assertThat(flux).isExecutable();
    if (System.getenv(TestTools.FLUX_ENV) == null) {
      assertThat(flux).startsWith(TestTools.cacheDirectory());
    }
    Process process =
        new ProcessBuilder(flux.toString(), "version", "--client")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output).contains("flux: v" + TestTools.fluxVersion() + "-test");
    assertThat(TestTools.fluxVersion()).isEqualTo("2.9.4");
  }

  @Test
  @DisplayName("a second call reuses the cached binary")
  void cached() throws Exception {
    Path first = TestTools.sops();
    long modified = Files.getLastModifiedTime(first).toMillis();
    assertThat(TestTools.sops()).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(modified);
  }

  @Test
  @DisplayName("go is found on PATH, in GOROOT or /usr/local/go")
  void findsGo() {
    assertThat(KubeBinaryProvisioner.findGo("/nonexistent", null))
        .satisfiesAnyOf(
            p -> assertThat(p).isEmpty(),
            p -> assertThat(p.get()).hasToString("/usr/local/go/bin/go"));
  }
}
