package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

  @TempDir Path tmp;

  @Test
  void readsTheFeatureReleaseFromTheReleaseFile() throws IOException {
    assertThat(AotCache.feature(jdk("temurin-25", "25.0.3"))).isEqualTo(25);
    assertThat(AotCache.feature(jdk("openjdk-17", "17.0.15"))).isEqualTo(17);
    assertThat(AotCache.feature(jdk("jdk-26-ea", "26-ea"))).isEqualTo(26);
    assertThat(AotCache.feature(jdk("jdk8", "1.8.0_392"))).isEqualTo(8);
    assertThat(AotCache.feature(Files.createDirectories(tmp.resolve("no-release")))).isEqualTo(-1);
  }

  @Test
  void picksTheNewestJdkOf25OrLaterAndNothingOlder() throws IOException {
    Path jdk17 = jdk("a-17", "17.0.15");
    Path jdk25 = jdk("b-25", "25.0.3");
    Path jdk26 = jdk("c-26", "26.0.1");
    assertThat(AotCache.findJava("", List.of(jdk17, jdk26, jdk25)))
        .contains(jdk26.resolve("bin/java"));
    assertThat(AotCache.findJava("", List.of(jdk17, jdk25))).contains(jdk25.resolve("bin/java"));
    assertThat(AotCache.findJava("", List.of(jdk17))).isEmpty();
    assertThat(AotCache.findJava("", List.of(tmp.resolve("missing")))).isEmpty();
  }

  @Test
  void aConfiguredJavaWinsAndATooOldOneIsNotReplaced() throws IOException {
    Path jdk17 = jdk("a-17", "17.0.15");
    Path jdk25 = jdk("b-25", "25.0.3");
    Path jdk26 = jdk("c-26", "26.0.1");
    assertThat(AotCache.findJava(jdk25.resolve("bin/java").toString(), List.of(jdk26)))
        .contains(jdk25.resolve("bin/java"));
    assertThat(AotCache.findJava(jdk17.resolve("bin/java").toString(), List.of(jdk25))).isEmpty();
    assertThat(AotCache.findJava(tmp.resolve("nope/bin/java").toString(), List.of(jdk25)))
        .isEmpty();
  }

  @Test
  void withoutAJdkTheStepSkipsAndRemovesAnOlderCache() throws Exception {
    Path cache = Files.writeString(tmp.resolve("x.aot"), "old");
    Files.writeString(tmp.resolve("x.aot.java"), "/old/java");
    assertThat(AotCache.create(cache, Optional.empty(), List.of("-version"))).isZero();
    assertThat(cache).doesNotExist();
    assertThat(tmp.resolve("x.aot.java")).doesNotExist();
  }

  @Test
  void aFailingTrainingRunFailsTheStepAndLeavesNoCache() throws Exception {
    Optional<Path> java = AotCache.findJava("", AotCache.candidates());
    assumeTrue(java.isPresent(), "no JDK 25+ on this machine");
    Path cache = tmp.resolve("bad.aot");
    assertThat(AotCache.create(cache, java, List.of("-cp", tmp.toString(), "NoSuchMain")))
        .isEqualTo(1);
    assertThat(cache).doesNotExist();
    assertThat(Files.readString(tmp.resolve("bad.aot.log"))).contains("NoSuchMain");
  }

  @Test
  void writesACacheTheJdkThenUses() throws Exception {
    Optional<Path> java = AotCache.findJava("", AotCache.candidates());
    assumeTrue(java.isPresent(), "no JDK 25+ on this machine");
    Path cache = tmp.resolve("version.aot");
    assertThat(AotCache.create(cache, java, List.of("-XX:+UseSerialGC", "-version"))).isZero();
    assertThat(cache).isRegularFile();
    assertThat(Files.readString(tmp.resolve("version.aot.java")).trim())
        .isEqualTo(java.get().toString());
    // AOTMode=on: the JVM fails instead of running without the cache when it cannot use it
    Process run =
        new ProcessBuilder(
                java.get().toString(),
                "-XX:AOTMode=on",
                "-XX:AOTCache=" + cache,
                "-XX:+UseSerialGC",
                "-version")
            .redirectErrorStream(true)
            .start();
    String out = new String(run.getInputStream().readAllBytes());
    assertThat(run.waitFor()).as(out).isZero();
  }

  private Path jdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(tmp.resolve(name));
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}
