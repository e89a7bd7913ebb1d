package io.capstan.source.helmchart;

import static io.capstan.source.helmchart.ChartBuildException.Reason.DEPENDENCY_BUILD;

import io.capstan.git.SemverSelector;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Flux's {@code DependencyManager} for a chart directory: every dependency of {@code Chart.yaml}
 * that is not already in {@code charts/} is added there, from a local path ({@code file://} or no
 * repository, resolved relative to the chart and never outside the source root) or from a remote
 * repository found by URL. Returns the number of dependencies added.
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
    List<Map<String, Object>> requested = requested(buildDir);
    if (requested.isEmpty()) {
      return 0;
    }
    Path charts = buildDir.resolve("charts");
    Set<String> present = present(charts);
    if (present.size() == requested.size()) {
      return 0;
    }
    int added = 0;
    for (Map<String, Object> dep : requested) {
      String name = text(dep.get("name"));
      if (present.contains(name)) {
        continue;
      }
      String repository = text(dep.get("repository"));
      String constraint = text(dep.get("version"));
      try {
        Files.createDirectories(charts);
        if (repository.isEmpty() || repository.startsWith("file://")) {
          addLocal(name, repository, constraint, charts);
        } else {
          addRemote(name, repository, constraint, charts);
        }
      } catch (ChartBuildException e) {
        throw new ChartBuildException(
            DEPENDENCY_BUILD,
            "failed to add remote dependency '" + name + "': " + stripPrefix(e),
            e);
      } catch (IOException | HelmException | IllegalArgumentException e) {
        throw new ChartBuildException(
            DEPENDENCY_BUILD,
            "failed to add local dependency '" + name + "': " + e.getMessage(),
            e);
      }
      present.add(name);
      added++;
    }
    return added;
  }

  private void addLocal(String name, String repository, String constraint, Path charts)
      throws IOException, HelmException {
    String rel = sourceRoot.relativize(originalChartDir).toString().replace('\\', '/');
    String sub = repository.startsWith("file://") ? repository.substring(7) : "";
    Path dep = SecurePaths.join(sourceRoot, rel + "/" + sub);
    if (!Files.exists(dep)) {
      throw new IOException(
          "no chart found at '/"
              + sourceRoot.relativize(dep).toString().replace('\\', '/')
              + "' (reference '"
              + repository
              + "')");
    }
    boolean dir = Files.isDirectory(dep);
    ChartId id = dir ? ChartId.ofDirectory(dep) : ChartId.ofArchive(dep);
    if (!constraint.isEmpty() && !SemverSelector.of(constraint).matches(id.version())) {
      throw new IllegalArgumentException(
          "can't get a valid version for constraint '" + constraint + "'");
    }
    if (dir) {
      ChartPackager.pack(dep, charts);
    } else {
      Files.copy(
          dep,
          charts.resolve(id.name() + "-" + id.version() + ".tgz"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void addRemote(String name, String repository, String constraint, Path charts)
      throws ChartBuildException, IOException, HelmException {
    if (remote == null) {
      throw new ChartBuildException(
          ChartBuildException.Reason.CHART_PULL,
          "no chart repository resolver for '" + repository + "'");
    }
    ChartRepository repo = remote.forUrl(repository);
    String version = repo.resolveVersion(name, constraint.isEmpty() ? "*" : constraint);
    Path target = charts.resolve(name + "-" + version + ".tgz");
    repo.download(name, version, target, limits.maxChartSize());
    ChartId.ofArchive(target);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> requested(Path buildDir) throws ChartBuildException {
    try {
      Map<String, Object> chart =
          GoYaml.parseMap(Files.readString(buildDir.resolve("Chart.yaml"), StandardCharsets.UTF_8));
      Object deps = chart == null ? null : chart.get("dependencies");
      List<Map<String, Object>> out = new ArrayList<>();
      if (deps instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
          }
        }
      }
      return out;
    } catch (IOException | GoYaml.YamlException e) {
      throw new ChartBuildException(DEPENDENCY_BUILD, e.getMessage(), e);
    }
  }

  /** Names of the charts already in {@code charts/} (directories and archives). */
  private static Set<String> present(Path charts) throws ChartBuildException {
    Set<String> names = new HashSet<>();
    if (!Files.isDirectory(charts)) {
      return names;
    }
    try (Stream<Path> list = Files.list(charts)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("Chart.yaml"))) {
          names.add(ChartId.ofDirectory(p).name());
        } else if (p.getFileName().toString().endsWith(".tgz")) {
          names.add(ChartId.ofArchive(p).name());
        }
      }
    } catch (IOException | HelmException e) {
      throw new ChartBuildException(DEPENDENCY_BUILD, e.getMessage(), e);
    }
    return names;
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
