package io.capstan.source.helmchart;

import java.nio.file.Path;
import java.util.List;

/**
 * How to build a chart (Flux's {@code chart.BuildOptions}).
 *
 * @param valuesFiles values files merged in order into the chart's {@code values.yaml}
 * @param ignoreMissingValuesFiles skip missing values files instead of failing
 * @param versionMetadata semver build metadata appended to the chart version, or null
 * @param cachedChart the current artifact's file, reused when name and version are unchanged
 * @param cachedValuesFiles the values files recorded for the cached chart
 * @param force rebuild even when the cached chart has the same name and version
 * @param limits chart and file size limits
 */
public record ChartBuildOptions(
    List<String> valuesFiles,
    boolean ignoreMissingValuesFiles,
    String versionMetadata,
    Path cachedChart,
    List<String> cachedValuesFiles,
    boolean force,
    ChartLimits limits) {

  /** Normalizes the lists. */
  public ChartBuildOptions {
    valuesFiles = valuesFiles == null ? List.of() : List.copyOf(valuesFiles);
    cachedValuesFiles = cachedValuesFiles == null ? null : List.copyOf(cachedValuesFiles);
  }

  /**
   * The values files that change the chart: none when the only one is {@code values.yaml} (Flux's
   * {@code GetValuesFiles}).
   */
  public List<String> effectiveValuesFiles() {
    if (valuesFiles.size() == 1
        && Path.of(valuesFiles.get(0)).normalize().toString().equals("values.yaml")) {
      return List.of();
    }
    return valuesFiles;
  }

  /** True when build metadata is appended to the version. */
  public boolean hasVersionMetadata() {
    return versionMetadata != null && !versionMetadata.isEmpty();
  }
}
