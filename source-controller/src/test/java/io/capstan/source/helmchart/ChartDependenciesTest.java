package io.capstan.source.helmchart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.testing.helm.ChartRepositoryRequest;
import io.capstan.testing.helm.ChartRepositoryServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency builds against a real chart repository server: v1 charts' {@code requirements.yaml}
 * and {@code requirements.lock}, {@code Chart.lock} precedence, aliases, and the per-file size
 * limit on downloaded archives.
 */
class ChartDependenciesTest {

  @TempDir Path tmp;
  private ChartRepositoryServer repo;
  private ChartBuilder builder;

  @BeforeEach
  void start() throws Exception {
    repo = ChartRepositoryServer.start();
    repo.publish("redis", "1.0.0");
    repo.publish("redis", "1.0.3");
    repo.publish("redis", "1.1.0");
    Path work = Files.createDirectories(tmp.resolve("work"));
    builder = new ChartBuilder(work, url -> repository(url, work));
  }

  @AfterEach
  void stop() {
    repo.close();
  }

  private ChartRepository repository(String url, Path work) throws ChartBuildException {
    try {
      ChartRepositoryClient client =
          ChartRepositoryClient.builder(url).maxAttempts(1).timeout(Duration.ofSeconds(10)).build();
      Path index = Files.createTempFile(work, "index-", ".yaml");
      return new HttpChartRepository(client.fetchAndParseIndex(index), client);
    } catch (ChartRepositoryException | java.io.IOException e) {
      throw new ChartBuildException(ChartBuildException.Reason.CHART_PULL, e.getMessage(), e);
    }
  }

  private static ChartBuildOptions opts(ChartLimits limits) {
    return new ChartBuildOptions(List.of(), false, null, null, null, false, limits);
  }

  @Test
  @DisplayName("a v1 chart's requirements.yaml: remote and file:// dependencies are added")
  void requirementsYaml() throws Exception {
    write("src/app/Chart.yaml", "apiVersion: v1\nname: app\nversion: 0.1.0\n");
    write(
        "src/app/requirements.yaml",
        "dependencies:\n- name: redis\n  version: ~1.0.0\n  repository: "
            + repo.url()
            + "\n- name: lib\n  version: '>=1'\n  repository: file://../lib\n");
    write("src/lib/Chart.yaml", "apiVersion: v1\nname: lib\nversion: 1.2.0\n");

    ChartBuild build =
        builder.buildLocal(
            tmp.resolve("src"), "app", tmp.resolve("app.tgz"), opts(ChartLimits.DEFAULT));

    assertThat(build.resolvedDependencies()).isEqualTo(2);
    assertThat(entries(tmp.resolve("app.tgz")))
        .contains(
            "app/Chart.yaml",
            "app/requirements.yaml",
            "app/charts/redis-1.0.3.tgz",
            "app/charts/lib-1.2.0.tgz");
    Chart loaded = ChartLoader.load(tmp.resolve("app.tgz"));
    assertThat(loaded.dependencies())
        .extracting(Chart::name)
        .containsExactlyInAnyOrder("redis", "lib");
  }

  @Test
  @DisplayName("the lock file takes precedence: requirements.lock for v1, Chart.lock for v2")
  void lockFiles() throws Exception {
    write("src/v1/Chart.yaml", "apiVersion: v1\nname: v1\nversion: 0.1.0\n");
    write(
        "src/v1/requirements.yaml",
        "dependencies:\n- name: redis\n  version: '>=1.0.0'\n  repository: " + repo.url() + "\n");
    write(
        "src/v1/requirements.lock",
        "dependencies:\n- name: redis\n  version: 1.0.0\n  repository: "
            + repo.url()
            + "\ndigest: sha256:0\ngenerated: \"2024-01-01T00:00:00Z\"\n");
    builder.buildLocal(tmp.resolve("src"), "v1", tmp.resolve("v1.tgz"), opts(ChartLimits.DEFAULT));
    assertThat(entries(tmp.resolve("v1.tgz")))
        .contains("v1/charts/redis-1.0.0.tgz", "v1/requirements.lock")
        .doesNotContain("v1/charts/redis-1.1.0.tgz");

    write(
        "src/v2/Chart.yaml",
        "apiVersion: v2\nname: v2\nversion: 0.1.0\ndependencies:\n- name: redis\n"
            + "  version: '*'\n  repository: "
            + repo.url()
            + "\n");
    write(
        "src/v2/Chart.lock",
        "dependencies:\n- name: redis\n  version: 1.0.3\n  repository: " + repo.url() + "\n");
    builder.buildLocal(tmp.resolve("src"), "v2", tmp.resolve("v2.tgz"), opts(ChartLimits.DEFAULT));
    assertThat(entries(tmp.resolve("v2.tgz")))
        .contains("v2/charts/redis-1.0.3.tgz")
        .doesNotContain("v2/charts/redis-1.1.0.tgz");
  }

  @Test
  @DisplayName(
      "aliases: a dependency is present when a chart is named after its alias; two aliases of"
          + " one chart download it once")
  void aliases() throws Exception {
    write(
        "src/app/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n"
            + "- name: redis\n  alias: cache\n  version: 1.1.0\n  repository: "
            + repo.url()
            + "\n- name: redis\n  alias: store\n  version: 1.1.0\n  repository: "
            + repo.url()
            + "\n");
    repo.clearRequests();
    ChartBuild build =
        builder.buildLocal(
            tmp.resolve("src"), "app", tmp.resolve("app.tgz"), opts(ChartLimits.DEFAULT));
    assertThat(build.resolvedDependencies()).isEqualTo(2);
    assertThat(entries(tmp.resolve("app.tgz"))).contains("app/charts/redis-1.1.0.tgz");
    assertThat(repo.requests())
        .extracting(ChartRepositoryRequest::path)
        .filteredOn(p -> p.endsWith(".tgz"))
        .containsExactly("/charts/redis-1.1.0.tgz");

    // a vendored chart named after the alias satisfies that dependency only
    write(
        "src/vendored/Chart.yaml",
        "apiVersion: v2\nname: vendored\nversion: 0.1.0\ndependencies:\n"
            + "- name: redis\n  alias: cache\n  version: 1.0.0\n  repository: "
            + repo.url()
            + "\n- name: lib\n  version: 1.0.0\n  repository: "
            + repo.url()
            + "\n- name: other\n  version: 1.0.0\n  repository: file://../other\n");
    write("src/vendored/charts/cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 9.9.9\n");
    write("src/other/Chart.yaml", "apiVersion: v2\nname: other\nversion: 1.0.0\n");
    write("src/vendored/charts/lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 1.0.0\n");
    ChartBuild vendored =
        builder.buildLocal(
            tmp.resolve("src"), "vendored", tmp.resolve("v.tgz"), opts(ChartLimits.DEFAULT));
    assertThat(vendored.resolvedDependencies()).isEqualTo(1);
    assertThat(entries(tmp.resolve("v.tgz")))
        .contains("vendored/charts/cache/Chart.yaml", "vendored/charts/other-1.0.0.tgz")
        .noneMatch(e -> e.contains("redis"));

    // an alias not matched by name: the chart (named redis) is fetched, Helm renames it at load
    write(
        "src/named/Chart.yaml",
        "apiVersion: v2\nname: named\nversion: 0.1.0\ndependencies:\n"
            + "- name: redis\n  alias: cache\n  version: 1.0.0\n  repository: "
            + repo.url()
            + "\n- name: lib\n  version: 1.0.0\n  repository: file://../lib\n");
    write("src/lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 1.0.0\n");
    write("src/named/charts/redis/Chart.yaml", "apiVersion: v2\nname: redis\nversion: 1.0.0\n");
    ChartBuild named =
        builder.buildLocal(
            tmp.resolve("src"), "named", tmp.resolve("n.tgz"), opts(ChartLimits.DEFAULT));
    assertThat(named.resolvedDependencies()).isEqualTo(2);
    assertThat(entries(tmp.resolve("n.tgz")))
        .contains("named/charts/redis-1.0.0.tgz", "named/charts/lib-1.0.0.tgz");
  }

  @Test
  @DisplayName("--helm-chart-file-max-size applies to downloaded charts and dependencies")
  void fileSizeLimitOnDownloads() throws Exception {
    repo.publish("big", "1.0.0", Map.of("files/blob.txt", "x".repeat(4096)));
    ChartLimits small = new ChartLimits(1 << 20, 1024);
    assertThatThrownBy(
            () ->
                builder.buildRemote(
                    repository(repo.url(), tmp), "big", "*", tmp.resolve("o.tgz"), opts(small)))
        .isInstanceOfSatisfying(
            ChartBuildException.class,
            e -> assertThat(e.reason()).isEqualTo(ChartBuildException.Reason.CHART_PULL))
        .hasMessageContaining(
            "decompressed chart file \"files/blob.txt\" is larger than the maximum file size 1024");
    assertThat(
            builder
                .buildRemote(
                    repository(repo.url(), tmp),
                    "big",
                    "*",
                    tmp.resolve("o.tgz"),
                    opts(ChartLimits.DEFAULT))
                .version())
        .isEqualTo("1.0.0");

    write(
        "src/app/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- name: big\n  version: 1.0.0\n"
            + "  repository: "
            + repo.url()
            + "\n");
    assertThatThrownBy(
            () -> builder.buildLocal(tmp.resolve("src"), "app", tmp.resolve("a.tgz"), opts(small)))
        .isInstanceOfSatisfying(
            ChartBuildException.class,
            e -> assertThat(e.reason()).isEqualTo(ChartBuildException.Reason.DEPENDENCY_BUILD))
        .hasMessageContaining("failed to add remote dependency 'big'")
        .hasMessageContaining("is larger than the maximum file size 1024");
  }

  private void write(String rel, String content) throws Exception {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  private static List<String> entries(Path tgz) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(
            new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(tgz))))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
