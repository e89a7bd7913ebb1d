package io.capstan.source.helmchart;

import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_PACKAGE;
import static io.capstan.source.helmchart.ChartBuildException.Reason.DEPENDENCY_BUILD;

import io.capstan.git.SemverSelector;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import io.capstan.helm.engine.ChartMetadata;
import io.capstan.helm.engine.ChartPackager;
import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.engine.HelmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flux's {@code DependencyManager} for a chart directory: every dependency the chart requests that
 * is not already in {@code charts/} is added there, from a local path ({@code file://} or no
 * repository, resolved relative to the chart and never outside the source root) or from a remote
 * repository found by URL.
 *
 * <p>The requested dependencies are Helm's: {@code Chart.yaml}'s {@code dependencies}, or those of
 * {@code requirements.yaml} (apiVersion v1 charts; helm-engine's loader reads it into the
 * metadata), replaced by the lock file's ({@code Chart.lock} or {@code requirements.lock}, exact
 * versions) when there is one. A dependency counts as present when a chart in {@code charts/} is
 * named after its {@code alias}, or its name when it has none, as Flux's {@code collectMissing}; an
 * aliased dependency is fetched under the chart's own name ({@code charts/<name>-<version>.tgz},
 * once per name and version, as {@code helm dependency build} writes it) and Helm applies the alias
 * when the chart is loaded. Returns the number of dependencies added.
 */
final class ChartDependencies {

  private final Path sourceRoot;
  private final Path originalChartDir;
  private final ChartRepository.Resolver remote;
  private final ChartLimits limits;

  ChartDependencies(
      Path sourceRoot, Path originalChartDir, ChartRepository.Resolver remote, ChartLimits limits) {
    this.sourceRoot = sourceRoot;
    this.originalChartDir = originalChartDir;
    this.remote = remote;
    this.limits = limits;
  }

  /** Adds the missing dependencies into {@code buildDir/charts}. */
  int build(Path buildDir) throws ChartBuildException {
    Chart chart;
    try {
      chart = ChartLoader.loadDir(buildDir, limits.maxFileSize());
    } catch (HelmException e) {
      throw new ChartBuildException(
          CHART_PACKAGE, "failed to load chart from '" + chartRef() + "': " + e.getMessage(), e);
    }
    List<Requested> requested = requested(chart, buildDir);
    Map<String, Requested> missing = missing(chart, requested);
    if (missing.isEmpty()) {
      return 0;
    }
    Path charts = buildDir.resolve("charts");
    for (Map.Entry<String, Requested> e : missing.entrySet()) {
      String key = e.getKey();
      Requested dep = e.getValue();
      boolean local = dep.repository().isEmpty() || dep.repository().startsWith("file://");
      try {
        Files.createDirectories(charts);
        if (local) {
          addLocal(dep, charts);
        } else {
          addRemote(dep, charts);
        }
      } catch (ChartBuildException ex) {
        throw new ChartBuildException(
            DEPENDENCY_BUILD,
            "failed to add remote dependency '" + key + "': " + stripPrefix(ex),
            ex);
      } catch (IOException | HelmException | IllegalArgumentException ex) {
        throw new ChartBuildException(
            DEPENDENCY_BUILD,
            "failed to add "
                + (local ? "local" : "remote")
                + " dependency '"
                + key
                + "': "
                + ex.getMessage(),
            ex);
      }
    }
    return missing.size();
  }

  /** A requested dependency: name, version constraint, repository and alias. */
  record Requested(String name, String version, String repository, String alias) {
    String key() {
      return alias.isEmpty() ? name : alias;
    }
  }

  /**
   * Flux's {@code collectMissing}: nothing when {@code charts/} holds as many charts as requested,
   * else the requested dependencies (by alias or name, in request order) no chart is named after.
   */
  static Map<String, Requested> missing(Chart chart, List<Requested> requested) {
    Map<String, Requested> missing = new LinkedHashMap<>();
    if (chart.dependencies().size() == requested.size()) {
      return missing;
    }
    Set<String> present = new HashSet<>();
    for (Chart c : chart.dependencies()) {
      present.add(c.name());
    }
    for (Requested r : requested) {
      if (!present.contains(r.key())) {
        missing.put(r.key(), r);
      }
    }
    return missing;
  }

  private String chartRef() {
    return sourceRoot.relativize(originalChartDir).toString().replace('\\', '/');
  }

  private void addLocal(Requested dep, Path charts) throws IOException, HelmException {
    String repository = dep.repository();
    String sub = repository.startsWith("file://") ? repository.substring(7) : "";
    Path path = SecurePaths.join(sourceRoot, chartRef() + "/" + sub);
    if (!Files.exists(path)) {
      throw new IOException(
          "no chart found at '/"
              + sourceRoot.relativize(path).toString().replace('\\', '/')
              + "' (reference '"
              + repository
              + "')");
    }
    boolean dir = Files.isDirectory(path);
    ChartId id = dir ? ChartId.ofDirectory(path) : ChartId.ofArchive(path, limits.maxFileSize());
    if (!dep.version().isEmpty() && !SemverSelector.of(dep.version()).matches(id.version())) {
      throw new IllegalArgumentException(
          "can't get a valid version for constraint '" + dep.version() + "'");
    }
    Path target = charts.resolve(id.name() + "-" + id.version() + ".tgz");
    if (Files.exists(target)) {
      return; // the same chart requested again under another alias
    }
    if (dir) {
      ChartLoader.loadDir(path, limits.maxFileSize());
      ChartPackager.pack(path, charts);
    } else {
      Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void addRemote(Requested dep, Path charts)
      throws ChartBuildException, IOException, HelmException {
    if (remote == null) {
      throw new ChartBuildException(
          ChartBuildException.Reason.CHART_PULL,
          "no chart repository resolver for '" + dep.repository() + "'");
    }
    ChartRepository repo = remote.forUrl(dep.repository());
    String version = repo.resolveVersion(dep.name(), dep.version().isEmpty() ? "*" : dep.version());
    Path target = charts.resolve(dep.name() + "-" + version + ".tgz");
    if (Files.exists(target)) {
      return; // the same chart requested again under another alias
    }
    Path part = Files.createTempFile(charts.getParent(), ".dep-", ".tgz");
    try {
      repo.download(dep.name(), version, part, limits.maxChartSize());
      ChartId.ofArchive(part, limits.maxFileSize());
      Files.move(part, target);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * The dependencies the chart requests: its metadata's (Chart.yaml, or requirements.yaml for v1
   * charts), or the lock file's when there is one (Flux: "lock file takes precedence").
   */
  static List<Requested> requested(Chart chart, Path chartDir) throws ChartBuildException {
    List<Requested> lock = lockFile(chartDir);
    if (lock != null) {
      return lock;
    }
    List<Requested> out = new ArrayList<>();
    for (ChartMetadata.Dependency d : chart.metadata().dependencies) {
      if (d != null) {
        out.add(new Requested(d.name, d.version, d.repository, d.alias));
      }
    }
    return out;
  }

  /**
   * Helm's loader reads both {@code Chart.lock} and {@code requirements.lock} into the chart's
   * lock, the later file (in name order: {@code requirements.lock}) winning; null without either.
   */
  private static List<Requested> lockFile(Path chartDir) throws ChartBuildException {
    Path file = chartDir.resolve("requirements.lock");
    if (!Files.isRegularFile(file)) {
      file = chartDir.resolve("Chart.lock");
      if (!Files.isRegularFile(file)) {
        return null;
      }
    }
    try {
      Map<String, Object> lock = GoYaml.parseMap(Files.readString(file, StandardCharsets.UTF_8));
      List<Requested> out = new ArrayList<>();
      Object deps = lock == null ? null : lock.get("dependencies");
      if (deps instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Map<?, ?> m) {
            out.add(
                new Requested(
                    text(m.get("name")), text(m.get("version")), text(m.get("repository")), ""));
          }
        }
      }
      return out;
    } catch (IOException | GoYaml.YamlException e) {
      throw new ChartBuildException(
          CHART_PACKAGE,
          "failed to load chart from '"
              + chartDir.getFileName()
              + "': cannot load "
              + file.getFileName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String stripPrefix(ChartBuildException e) {
    String m = e.getMessage();
    String prefix = e.reason().summary() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }
}
