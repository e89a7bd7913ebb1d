package io.capstan.source.helmchart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.ChartPackager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart builder's pure core: versions, values files, packaging decisions, limits. */
class ChartBuilderTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
    "1.2.3, 5, 1.2.3+5",
    "v1.2.3, abcdef123456, 1.2.3+abcdef123456",
    "1.2.3+old, new.7, 1.2.3+new.7",
    "1.2.3-rc.1, 3, 1.2.3-rc.1+3",
    "1.2, 1, 1.2.0+1"
  })
  @DisplayName("version metadata replaces build metadata as Masterminds' SetMetadata")
  void versionMetadata(String version, String metadata, String expected) {
    assertThat(ChartVersions.withMetadata(version, metadata)).isEqualTo(expected);
  }

  @Test
  @DisplayName("invalid versions and metadata are refused")
  void badVersionMetadata() {
    assertThatThrownBy(() -> ChartVersions.withMetadata("latest", "1"))
        .hasMessageContaining("Invalid Semantic Version");
    assertThatThrownBy(() -> ChartVersions.withMetadata("1.0.0", "a_b"))
        .hasMessageContaining("Invalid Metadata");
  }

  static Stream<Arguments> summaries() {
    return Stream.of(
        Arguments.of(
            new ChartBuild("app", "1.0.0", null, List.of(), 0, true, false),
            "packaged 'app' chart with version '1.0.0'"),
        Arguments.of(
            new ChartBuild("app", "1.0.0", null, List.of(), 0, false, false),
            "pulled 'app' chart with version '1.0.0'"),
        Arguments.of(
            new ChartBuild("app", "1.0.0+2", null, List.of("a.yaml", "b.yaml"), 0, true, false),
            "packaged 'app' chart with version '1.0.0+2' and merged values files [a.yaml b.yaml]"));
  }

  @ParameterizedTest
  @MethodSource("summaries")
  @DisplayName("build summaries are Flux's")
  void summary(ChartBuild build, String expected) {
    assertThat(build.summary()).isEqualTo(expected);
  }

  @Test
  @DisplayName("values files merge in order; .. cannot leave the base directory")
  void valuesFiles() throws Exception {
    write("a.yaml", "m:\n  x: 1\n  z: 1\nlist: [1, 2]\n");
    write("sub/b.yaml", "m:\n  z: 2\nlist: [3]\n");
    ValuesFiles v = ValuesFiles.merge(tmp, List.of("a.yaml", "../../sub/b.yaml"), false);
    assertThat(v.values()).isEqualTo(Map.of("m", Map.of("x", 1.0, "z", 2.0), "list", List.of(3.0)));
    assertThat(v.files()).containsExactly("a.yaml", "../../sub/b.yaml");
    assertThatThrownBy(() -> ValuesFiles.merge(tmp, List.of("missing.yaml"), false))
        .hasMessage("no values file found at path '/missing.yaml' (reference 'missing.yaml')");
    assertThat(ValuesFiles.merge(tmp, List.of("missing.yaml", "a.yaml"), true).files())
        .containsExactly("a.yaml");
  }

  @Test
  @DisplayName(
      "a packaged chart in the source is copied as is (pulled); the cached chart is reused unless forced")
  void packagedChartAndCache() throws Exception {
    Path chartDir =
        write("src/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.3.0\n").getParent();
    write("src/app/values.yaml", "a: 1\n");
    Path packed = ChartPackager.pack(chartDir, tmp.resolve("src/packed"));
    ChartBuilder builder = new ChartBuilder(Files.createDirectories(tmp.resolve("work")), null);
    ChartBuildOptions plain =
        new ChartBuildOptions(List.of(), false, null, null, null, false, ChartLimits.DEFAULT);

    ChartBuild pulled =
        builder.buildLocal(
            tmp.resolve("src"), "packed/app-0.3.0.tgz", tmp.resolve("o1.tgz"), plain);
    assertThat(pulled.packaged()).isFalse();
    assertThat(Files.readAllBytes(pulled.path())).isEqualTo(Files.readAllBytes(packed));

    ChartBuildOptions cached =
        new ChartBuildOptions(
            List.of(), false, null, pulled.path(), null, false, ChartLimits.DEFAULT);
    ChartBuild again = builder.buildLocal(tmp.resolve("src"), "app", tmp.resolve("o2.tgz"), cached);
    assertThat(again.cached()).isTrue();
    assertThat(again.path()).isEqualTo(pulled.path());
    ChartBuildOptions forced =
        new ChartBuildOptions(
            List.of(), false, null, pulled.path(), null, true, ChartLimits.DEFAULT);
    ChartBuild rebuilt =
        builder.buildLocal(tmp.resolve("src"), "app", tmp.resolve("o3.tgz"), forced);
    assertThat(rebuilt.cached()).isFalse();
    assertThat(rebuilt.packaged()).isTrue();
  }

  @Test
  @DisplayName(
      "a file over --helm-chart-file-max-size and a dependency outside its constraint fail the build")
  void limitsAndConstraints() throws Exception {
    write("src/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");
    write("src/app/big.txt", "x".repeat(2048));
    ChartBuilder builder = new ChartBuilder(Files.createDirectories(tmp.resolve("work")), null);
    ChartBuildOptions small =
        new ChartBuildOptions(
            List.of(), false, null, null, null, false, new ChartLimits(1 << 20, 1024));
    assertThatThrownBy(
            () -> builder.buildLocal(tmp.resolve("src"), "app", tmp.resolve("o.tgz"), small))
        .isInstanceOfSatisfying(
            ChartBuildException.class,
            e -> assertThat(e.reason()).isEqualTo(ChartBuildException.Reason.CHART_PACKAGE))
        .hasMessageContaining("big.txt\" is larger than the maximum file size 1024");

    write(
        "src/dep/Chart.yaml",
        "apiVersion: v2\nname: dep\nversion: 0.1.0\ndependencies:\n- name: lib\n  version: '>=2'\n"
            + "  repository: file://../lib\n");
    write("src/lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 1.0.0\n");
    ChartBuildOptions plain =
        new ChartBuildOptions(List.of(), false, null, null, null, false, ChartLimits.DEFAULT);
    assertThatThrownBy(
            () -> builder.buildLocal(tmp.resolve("src"), "dep", tmp.resolve("d.tgz"), plain))
        .isInstanceOfSatisfying(
            ChartBuildException.class,
            e -> assertThat(e.reason()).isEqualTo(ChartBuildException.Reason.DEPENDENCY_BUILD))
        .hasMessage(
            "dependency build error: failed to add local dependency 'lib': can't get a valid"
                + " version for constraint '>=2'");
  }

  private Path write(String rel, String content) throws Exception {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }
}
