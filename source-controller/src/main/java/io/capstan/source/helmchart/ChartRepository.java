package io.capstan.source.helmchart;

import java.nio.file.Path;

/**
 * A place remote charts come from (an OCI registry or an HTTP chart repository): resolves a version
 * constraint and downloads the chart archive.
 */
public interface ChartRepository {

  /**
   * The newest version of {@code chart} matching {@code constraint} ({@code *} or empty: the newest
   * stable version).
   *
   * @throws ChartBuildException with {@code ChartPullError} when nothing matches or the repository
   *     cannot be read
   */
  String resolveVersion(String chart, String constraint) throws ChartBuildException;

  /**
   * Downloads {@code chart} at the exact {@code version} into {@code target}, refusing archives
   * larger than {@code maxSize} bytes.
   *
   * @throws ChartBuildException with {@code ChartPullError}
   */
  void download(String chart, String version, Path target, long maxSize) throws ChartBuildException;

  /** Finds the repository of a dependency by its {@code repository} URL. */
  @FunctionalInterface
  interface Resolver {
    /**
     * The repository for {@code url} (an {@code oci://} or {@code http(s)://} URL).
     *
     * @throws ChartBuildException when the URL cannot be served
     */
    ChartRepository forUrl(String url) throws ChartBuildException;
  }
}
