package io.capstan.source.helmchart;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of a chart build (Flux's {@code chart.Build}): the chart's name and (possibly patched)
 * version, the packaged file, the values files merged into it, how many dependencies were resolved,
 * and whether the chart was packaged here or pulled as it was.
 *
 * @param name chart name from {@code Chart.yaml}
 * @param version chart version, with any build metadata added by the build
 * @param path the chart archive: a new file, or the cached artifact when nothing changed
 * @param valuesFiles the values files merged into {@code values.yaml}, in order
 * @param resolvedDependencies dependencies added to {@code charts/} by the build
 * @param packaged true when the chart was (re)packaged, false when pulled as is
 * @param cached true when {@code path} is the cached chart (no new artifact needed)
 */
public record ChartBuild(
    String name,
    String version,
    Path path,
    List<String> valuesFiles,
    int resolvedDependencies,
    boolean packaged,
    boolean cached) {

  /** Normalizes the values files list. */
  public ChartBuild {
    valuesFiles = valuesFiles == null ? List.of() : List.copyOf(valuesFiles);
  }

  /**
   * Flux's {@code Build.Summary()}: {@code packaged 'name' chart with version '1.0.0' and merged
   * values files [a.yaml b.yaml]} (or {@code pulled ...}).
   */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(packaged ? "packaged" : "pulled")
        .append(" '")
        .append(name)
        .append("' chart with version '")
        .append(version)
        .append("'");
    if (!valuesFiles.isEmpty()) {
      s.append(" and merged values files [").append(String.join(" ", valuesFiles)).append("]");
    }
    return s.toString();
  }

  /** Flux's summary of a build that has metadata but no chart yet ({@code new ...}). */
  public static String newChartSummary(String name, String version) {
    return "new '" + name + "' chart with version '" + version + "'";
  }
}
