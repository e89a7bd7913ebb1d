package io.capstan.source.helmchart;

import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_METADATA_PATCH;
import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_PACKAGE;
import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_PULL;
import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_REFERENCE;
import static io.capstan.source.helmchart.ChartBuildException.Reason.VALUES_FILES_MERGE;

import io.capstan.helm.engine.ChartPackager;
import io.capstan.helm.engine.GoFormat;
import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.engine.GoYamlEmitter;
import io.capstan.helm.engine.HelmException;
import io.capstan.runtime.artifact.ArchiveExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a chart archive as Flux's local and remote chart builders do: from a chart directory or
 * packaged chart inside a source artifact ({@link #buildLocal}), or from a chart repository ({@link
 * #buildRemote}). The chart is only (re)packaged when it must be: a directory, added version
 * metadata or values files; an unchanged cached chart is reused unless forced.
 */
public final class ChartBuilder {

  private static final Pattern CHART_NAME = Pattern.compile("^([-a-z0-9]+/?\\.?)+$");

  private final Path workDir;
  private final ChartRepository.Resolver dependencies;

  /**
   * A builder writing its temporary files under {@code workDir}, resolving remote dependencies
   * through {@code dependencies} (null: remote dependencies fail).
   */
  public ChartBuilder(Path workDir, ChartRepository.Resolver dependencies) {
    this.workDir = workDir;
    this.dependencies = dependencies;
  }

  /**
   * Builds the chart at {@code chartPath} (a directory or a {@code .tgz}) under {@code sourceRoot}
   * into {@code out}. Values files are relative to {@code sourceRoot}.
   */
  public ChartBuild buildLocal(Path sourceRoot, String chartPath, Path out, ChartBuildOptions opts)
      throws ChartBuildException {
    if (chartPath == null || chartPath.isEmpty()) {
      throw new ChartBuildException(CHART_REFERENCE, "no path set for local chart reference");
    }
    Path root = sourceRoot.toAbsolutePath().normalize();
    Path chart = SecurePaths.join(root, chartPath);
    boolean isDir = Files.isDirectory(chart);
    ChartId id;
    try {
      if (!Files.exists(chart)) {
        throw new IOException("path '" + chartPath + "' does not exist in the source artifact");
      }
      id =
          isDir
              ? ChartId.ofDirectory(chart)
              : ChartId.ofArchive(chart, opts.limits().maxFileSize());
    } catch (IOException | HelmException e) {
      throw new ChartBuildException(CHART_REFERENCE, e.getMessage(), e);
    }
    String version = patchedVersion(id.version(), opts);
    List<String> values = opts.effectiveValuesFiles();
    boolean requiresPackaging = isDir || opts.hasVersionMetadata() || !values.isEmpty();
    ChartBuild cached = cached(id.name(), version, requiresPackaging, opts);
    if (cached != null) {
      return cached;
    }
    if (!requiresPackaging) {
      checkArchiveSize(chart, opts.limits(), CHART_PULL);
      copy(chart, out, CHART_PULL);
      return new ChartBuild(id.name(), version, out, List.of(), 0, false, false);
    }
    ValuesFiles merged = null;
    if (!values.isEmpty()) {
      try {
        merged = ValuesFiles.merge(root, values, opts.ignoreMissingValuesFiles());
      } catch (IOException | IllegalArgumentException e) {
        throw new ChartBuildException(VALUES_FILES_MERGE, e.getMessage(), e);
      }
    }
    Path buildDir = isDir ? copyDir(chart, id.name()) : extract(chart, CHART_PACKAGE);
    int resolved = 0;
    if (isDir) {
      checkFileSizes(buildDir, opts.limits());
      resolved = new ChartDependencies(root, chart, dependencies, opts.limits()).build(buildDir);
    }
    rewrite(buildDir, version, merged);
    pack(buildDir, out, opts.limits());
    return new ChartBuild(
        id.name(),
        version,
        out,
        merged == null ? List.of() : merged.files(),
        resolved,
        true,
        false);
  }

  /**
   * Pulls {@code chartName} at the newest version matching {@code constraint} from {@code repo}
   * into {@code out}; values files are relative to the chart's root.
   */
  public ChartBuild buildRemote(
      ChartRepository repo, String chartName, String constraint, Path out, ChartBuildOptions opts)
      throws ChartBuildException {
    if (chartName == null || chartName.isEmpty()) {
      throw new ChartBuildException(CHART_REFERENCE, "no name set for remote chart reference");
    }
    if (!CHART_NAME.matcher(chartName).matches()) {
      throw new ChartBuildException(
          CHART_REFERENCE,
          "invalid chart name '"
              + chartName
              + "': a valid name must be lower case letters and numbers and MAY be separated with"
              + " dashes (-), slashes (/) or periods (.)");
    }
    String resolved = repo.resolveVersion(chartName, constraint);
    String version = patchedVersion(resolved, opts);
    List<String> values = opts.effectiveValuesFiles();
    boolean requiresPackaging = opts.hasVersionMetadata() || !values.isEmpty();
    ChartBuild cached = cached(chartName, version, requiresPackaging, opts);
    if (cached != null) {
      return cached;
    }
    Path download;
    ChartId id;
    try {
      download = Files.createTempFile(workDir, "pull-", ".tgz");
      repo.download(chartName, resolved, download, opts.limits().maxChartSize());
      id = ChartId.ofArchive(download, opts.limits().maxFileSize());
    } catch (IOException | HelmException e) {
      throw new ChartBuildException(CHART_PULL, e.getMessage(), e);
    }
    if (!requiresPackaging) {
      copy(download, out, CHART_PULL);
      return new ChartBuild(id.name(), version, out, List.of(), 0, false, false);
    }
    Path buildDir = extract(download, CHART_PACKAGE);
    ValuesFiles merged = null;
    if (!values.isEmpty()) {
      try {
        merged = ValuesFiles.merge(buildDir, values, opts.ignoreMissingValuesFiles());
      } catch (IOException | IllegalArgumentException e) {
        throw new ChartBuildException(VALUES_FILES_MERGE, e.getMessage(), e);
      }
    }
    rewrite(buildDir, version, merged);
    pack(buildDir, out, opts.limits());
    return new ChartBuild(
        id.name(), version, out, merged == null ? List.of() : merged.files(), 0, true, false);
  }

  private static String patchedVersion(String version, ChartBuildOptions opts)
      throws ChartBuildException {
    if (!opts.hasVersionMetadata()) {
      return version;
    }
    try {
      return ChartVersions.withMetadata(version, opts.versionMetadata());
    } catch (IllegalArgumentException e) {
      throw new ChartBuildException(CHART_METADATA_PATCH, e.getMessage(), e);
    }
  }

  /** The cached chart when it has this name and version and no rebuild is forced. */
  private static ChartBuild cached(
      String name, String version, boolean requiresPackaging, ChartBuildOptions opts) {
    Path cached = opts.cachedChart();
    if (cached == null || opts.force() || !Files.isRegularFile(cached)) {
      return null;
    }
    try {
      ChartId id = ChartId.ofArchive(cached, opts.limits().maxFileSize());
      if (!id.name().equals(name) || !id.version().equals(version)) {
        return null;
      }
    } catch (IOException | HelmException e) {
      return null; // a corrupt cached chart is rebuilt
    }
    List<String> values =
        opts.cachedValuesFiles() != null ? opts.cachedValuesFiles() : opts.effectiveValuesFiles();
    return new ChartBuild(name, version, cached, values, 0, requiresPackaging, true);
  }

  private Path copyDir(Path chart, String name) throws ChartBuildException {
    try {
      Path target = Files.createTempDirectory(workDir, "chart-").resolve(name);
      try (Stream<Path> walk = Files.walk(chart)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path t = target.resolve(chart.relativize(p).toString());
          if (Files.isSymbolicLink(p)) {
            continue; // source artifacts carry no links; never follow one out of the chart
          }
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else if (Files.isRegularFile(p)) {
            Files.copy(p, t);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new ChartBuildException(CHART_PACKAGE, "failed to copy chart: " + e.getMessage(), e);
    }
  }

  /** Extracts a chart archive (already validated) and returns its top directory. */
  private Path extract(Path archive, ChartBuildException.Reason reason) throws ChartBuildException {
    try {
      Path dir = Files.createTempDirectory(workDir, "unpack-");
      new ArchiveExtractor().extract(archive, dir);
      try (Stream<Path> list = Files.list(dir)) {
        List<Path> tops = list.filter(Files::isDirectory).toList();
        if (tops.size() != 1) {
          throw new IOException("chart archive must hold exactly one top directory");
        }
        return tops.get(0);
      }
    } catch (IOException e) {
      throw new ChartBuildException(reason, e.getMessage(), e);
    }
  }

  /** Writes the patched version into Chart.yaml and the merged values into values.yaml. */
  private static void rewrite(Path dir, String version, ValuesFiles merged)
      throws ChartBuildException {
    try {
      Path chartYaml = dir.resolve("Chart.yaml");
      Map<String, Object> meta =
          GoYaml.parseMap(Files.readString(chartYaml, StandardCharsets.UTF_8));
      if (!version.equals(String.valueOf(meta.get("version")))) {
        meta.put("version", version);
        Files.writeString(chartYaml, GoYamlEmitter.marshal(meta), StandardCharsets.UTF_8);
      }
      if (merged != null) {
        Files.writeString(
            dir.resolve("values.yaml"),
            GoYamlEmitter.marshal(merged.values()),
            StandardCharsets.UTF_8);
      }
    } catch (IOException | GoYaml.YamlException | GoFormat.MarshalException e) {
      throw new ChartBuildException(CHART_PACKAGE, e.getMessage(), e);
    }
  }

  private void pack(Path dir, Path out, ChartLimits limits) throws ChartBuildException {
    try {
      Path dest = Files.createTempDirectory(workDir, "pack-");
      Path packed = ChartPackager.pack(dir, dest);
      checkArchiveSize(packed, limits, CHART_PACKAGE);
      Files.move(packed, out, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | HelmException e) {
      throw new ChartBuildException(CHART_PACKAGE, e.getMessage(), e);
    }
  }

  private static void checkFileSizes(Path dir, ChartLimits limits) throws ChartBuildException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && Files.size(p) > limits.maxFileSize()) {
          throw new ChartBuildException(
              CHART_PACKAGE,
              "chart file \""
                  + dir.relativize(p).toString().replace('\\', '/')
                  + "\" is larger than the maximum file size "
                  + limits.maxFileSize());
        }
      }
    } catch (IOException e) {
      throw new ChartBuildException(CHART_PACKAGE, e.getMessage(), e);
    }
  }

  private static void checkArchiveSize(
      Path archive, ChartLimits limits, ChartBuildException.Reason reason)
      throws ChartBuildException {
    try {
      long size = Files.size(archive);
      if (size > limits.maxChartSize()) {
        throw new ChartBuildException(
            reason,
            "size of chart ("
                + size
                + " bytes) exceeds the maximum chart size of "
                + limits.maxChartSize()
                + " bytes");
      }
    } catch (IOException e) {
      throw new ChartBuildException(reason, e.getMessage(), e);
    }
  }

  private static void copy(Path from, Path to, ChartBuildException.Reason reason)
      throws ChartBuildException {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ChartBuildException(reason, e.getMessage(), e);
    }
  }
}
