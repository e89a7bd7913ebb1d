package io.capstan.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootprintGoalsTest {

  @Test
  @DisplayName("every goal of issue #19 is stated met / not met with its measured ratio")
  void verdicts() {
    FootprintGoals goals = new FootprintGoals();
    goals.kustomizationsAtScale(141, 75.6);
    goals.localIdle(210);
    goals.runIdle(1, 116);
    goals.runIdle(6, 131);
    goals.startUp("`examples/webapp`", "`bin/capstan build kustomization`", 4.5, 5.0);
    goals.startUp("a 24-object overlay", "`bin/capstan build kustomization`", 0.6, 1.6);
    goals.firstReconcile("helm-controller jar: process start → first HelmRelease Ready", 4.25);
    String block = goals.render();
    assertThat(block)
        .contains("peak RSS at 1000 Kustomizations ≤ 150 MiB: **met** — 141 MiB (0.94× the goal)")
        .contains("no slower than before (93 s): **met** — 75.6 s (0.81×)")
        .contains(
            "`bin/capstan run --local` idle ≤ 200 MiB: **not met** — 210 MiB (1.05× the goal)")
        .contains("< 250 MiB at every controller count: **met** — highest 131 MiB")
        .contains("MiB per count 1: 116, 6: 131")
        .contains(
            "`bin/capstan build kustomization` on `examples/webapp` within 2× of `kubectl"
                + " kustomize`: wall 4.50× (**not met**), CPU 5.00× (**not met**)")
        .contains(
            "on a 24-object overlay within 2× of `kubectl kustomize`: wall 0.60× (**met**),"
                + " CPU 1.60× (**met**)")
        .contains("helm-controller jar: process start → first HelmRelease Ready: 4.3 s");
  }

  @Test
  @DisplayName("a skipped part says it was not measured instead of claiming a verdict")
  void skippedParts() {
    String block = new FootprintGoals().render();
    assertThat(block)
        .contains("kustomize-controller at 1000 Kustomizations: not measured in this run")
        .contains("`bin/capstan run --local` idle RSS: not measured in this run")
        .contains("per controller count: not measured in this run")
        .contains("process start → first reconcile: not measured in this run")
        .doesNotContain("**met**")
        .doesNotContain("**not met**");
  }

  @Test
  @DisplayName("capstan run's idle rows cover every controller it runs, helm-controller included")
  void runOrder() {
    assertThat(FootprintBench.RUN_ORDER)
        .hasSize(6)
        .contains("helm-controller", "kustomize-controller", "source-controller");
  }

  @Test
  @DisplayName(
      "the JDK-25 start-up rows appear only with a JDK 25 (capstan.bench.java25) and the engine"
          + " jar's AOT cache")
  void java25Rows(@TempDir Path root) throws Exception {
    Path target = Files.createDirectories(root.resolve("kustomize-engine/target"));
    Files.writeString(target.resolve("capstan-kustomize.jar"), "jar");
    System.setProperty("capstan.bench.java25", "/opt/jdk25/bin/java");
    System.setProperty("capstan.bench.java25Flags", "-XX:+UseSerialGC");
    try {
      Map<String, List<String>> noCache = FootprintBench.startUpCommands(root, Path.of("t"), true);
      assertThat(noCache).hasSize(4).containsKey("`kubectl kustomize`");
      Files.writeString(target.resolve("capstan-kustomize.aot"), "cache");
      Map<String, List<String>> with = FootprintBench.startUpCommands(root, Path.of("t"), false);
      assertThat(with).hasSize(5).doesNotContainKey("`kubectl kustomize`");
      assertThat(with)
          .containsEntry(
              "`java25 <start-up flags + AOT cache> -jar capstan-kustomize.jar build`",
              List.of(
                  "/opt/jdk25/bin/java",
                  "-XX:+UseSerialGC",
                  "-XX:-UsePerfData",
                  "-XX:AOTCache=" + target.resolve("capstan-kustomize.aot"),
                  "-Xlog:disable",
                  "-Xlog:all=warning:stderr",
                  "-jar",
                  target.resolve("capstan-kustomize.jar").toString(),
                  "build",
                  "t"))
          .containsEntry(
              "`bin/capstan build kustomization` on JDK 25 (AOT cache)",
              List.of(
                  "env",
                  "CAPSTAN_JAVA=/opt/jdk25/bin/java",
                  root.resolve("bin/capstan").toString(),
                  "build",
                  "kustomization",
                  "t"));
    } finally {
      System.clearProperty("capstan.bench.java25");
      System.clearProperty("capstan.bench.java25Flags");
    }
  }

  @Test
  @DisplayName("the launchers take --concurrent N and --concurrent=N, and nothing else")
  void launcherArguments() {
    assertThat(BenchController.concurrent(new String[] {})).isEqualTo(4);
    assertThat(BenchController.concurrent(new String[] {"--concurrent", "10"})).isEqualTo(10);
    assertThat(BenchController.concurrent(new String[] {"--concurrent=2"})).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BenchController.concurrent(new String[] {"--watch-all-namespaces"}))
        .hasMessageContaining("unknown argument --watch-all-namespaces");
  }
}
