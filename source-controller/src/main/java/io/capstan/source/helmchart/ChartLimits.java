package io.capstan.source.helmchart;

/**
 * Flux's chart size limits: {@code --helm-chart-max-size} bounds a chart archive (downloaded or
 * built), {@code --helm-chart-file-max-size} every file inside a chart.
 *
 * @param maxChartSize largest chart archive, in bytes
 * @param maxFileSize largest file in a chart, in bytes
 */
public record ChartLimits(long maxChartSize, long maxFileSize) {

  /** Flux's defaults: 10 MiB per chart, 5 MiB per file. */
  public static final ChartLimits DEFAULT = new ChartLimits(10L << 20, 5L << 20);

  /** Validates the limits. */
  public ChartLimits {
    if (maxChartSize < 1 || maxFileSize < 1) {
      throw new IllegalArgumentException("chart size limits must be positive");
    }
  }
}
