package io.capstan.source.helmchart;

import io.capstan.git.SemverSelector;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.engine.HelmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A chart's identity from its {@code Chart.yaml}: name and version, validated as Helm's {@code
 * Metadata.Validate} does (apiVersion, name and a semver version are required).
 *
 * @param name chart name
 * @param version chart version as written
 */
public record ChartId(String name, String version) {

  /** Reads {@code Chart.yaml} of a chart directory. */
  public static ChartId ofDirectory(Path dir) throws IOException, HelmException {
    Path file = dir.resolve("Chart.yaml");
    if (!Files.isRegularFile(file)) {
      throw new HelmException("no Chart.yaml exists in directory \"" + dir.getFileName() + "\"");
    }
    Map<String, Object> m;
    try {
      m = GoYaml.parseMap(Files.readString(file, StandardCharsets.UTF_8));
    } catch (GoYaml.YamlException e) {
      throw new HelmException("cannot load Chart.yaml: " + e.getMessage(), e);
    }
    if (m == null) {
      m = Map.of();
    }
    return validated(text(m.get("apiVersion")), text(m.get("name")), text(m.get("version")));
  }

  /**
   * Loads a packaged chart (refusing absolute paths, {@code ..}, links, a file over {@code
   * maxFileSize} bytes and oversized content, as Helm's loader does) and returns its identity.
   */
  public static ChartId ofArchive(Path archive, long maxFileSize)
      throws IOException, HelmException {
    Chart chart;
    try (InputStream in = Files.newInputStream(archive)) {
      chart = ChartLoader.loadArchive(in, maxFileSize);
    }
    return validated(chart.metadata().apiVersion, chart.metadata().name, chart.metadata().version);
  }

  private static ChartId validated(String apiVersion, String name, String version)
      throws HelmException {
    if (apiVersion == null || apiVersion.isEmpty()) {
      throw new HelmException("validation: chart.metadata.apiVersion is required");
    }
    if (name == null || name.isEmpty()) {
      throw new HelmException("validation: chart.metadata.name is required");
    }
    if (version == null || version.isEmpty()) {
      throw new HelmException("validation: chart.metadata.version is required");
    }
    if (SemverSelector.parseTag(version).isEmpty()) {
      throw new HelmException("validation: chart.metadata.version \"" + version + "\" is invalid");
    }
    return new ChartId(name, version);
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
