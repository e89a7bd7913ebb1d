package io.capstan.source.helmchart;

import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_PULL;
import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_REFERENCE;

import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.source.helm.ChartRepositoryIndex;
import io.capstan.source.helm.ChartVersion;
import java.nio.file.Path;

/**
 * An HTTP chart repository ({@code HelmRepository} of {@code type: default}) for a chart build:
 * versions are selected from the repository's parsed index (the HelmRepository's artifact), charts
 * downloaded with the repository's client (auth, TLS, size limit, digest checked against the
 * index).
 */
public final class HttpChartRepository implements ChartRepository {

  private final ChartRepositoryIndex index;
  private final ChartRepositoryClient client;

  /** Charts of {@code index}, downloaded through {@code client}. */
  public HttpChartRepository(ChartRepositoryIndex index, ChartRepositoryClient client) {
    this.index = index;
    this.client = client;
  }

  @Override
  public String resolveVersion(String chart, String constraint) throws ChartBuildException {
    return select(chart, constraint).version();
  }

  private ChartVersion select(String chart, String constraint) throws ChartBuildException {
    try {
      return index.select(chart, constraint == null || constraint.isBlank() ? "*" : constraint);
    } catch (ChartRepositoryException.ChartNotFound
        | ChartRepositoryException.NoMatchingVersion e) {
      throw new ChartBuildException(
          CHART_REFERENCE,
          "failed to get chart version for remote reference: " + e.getMessage(),
          e);
    } catch (ChartRepositoryException e) {
      throw new ChartBuildException(
          CHART_PULL, "failed to get chart version for remote reference: " + e.getMessage(), e);
    }
  }

  @Override
  public void download(String chart, String version, Path target, long maxSize)
      throws ChartBuildException {
    ChartVersion cv = select(chart, version);
    try {
      client.downloadChart(cv, target);
    } catch (ChartRepositoryException e) {
      throw new ChartBuildException(
          CHART_PULL, "failed to download chart for remote reference: " + e.getMessage(), e);
    }
  }
}
