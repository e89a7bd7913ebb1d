package io.capstan.kustomize.engine.remote;

import java.time.Duration;

/**
 * What a build may fetch from the network, and the bounds on it. kustomize allows both kinds of
 * remote content; Flux's {@code --no-remote-bases} refuses Git repositories but still allows single
 * files over HTTP(S) (see {@link #noRemoteBases()}).
 *
 * @param httpFiles whether {@code http(s)://} file URLs may be read (in {@code resources}, patches,
 *     generator files)
 * @param gitRepositories whether Git repository URLs may be cloned as bases and components
 * @param httpTimeout bound on one HTTP request, connection included
 * @param maxFileBytes largest HTTP response body accepted
 * @param maxRepositoryBytes largest clone accepted (objects and checked-out files together)
 */
public record RemoteLoading(
    boolean httpFiles,
    boolean gitRepositories,
    Duration httpTimeout,
    long maxFileBytes,
    long maxRepositoryBytes) {

  /** Default bound on one HTTP request. */
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(30);

  /** Default largest HTTP file: 8 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 8L << 20;

  /** Default largest clone: 256 MiB. */
  public static final long DEFAULT_MAX_REPOSITORY_BYTES = 256L << 20;

  /** Checks the bounds. */
  public RemoteLoading {
    if (httpTimeout == null || httpTimeout.isNegative() || httpTimeout.isZero()) {
      throw new IllegalArgumentException("httpTimeout must be positive");
    }
    if (maxFileBytes <= 0 || maxRepositoryBytes <= 0) {
      throw new IllegalArgumentException("size limits must be positive");
    }
  }

  /** kustomize's behaviour: files and repositories, with the default bounds. */
  public static RemoteLoading enabled() {
    return new RemoteLoading(
        true, true, DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_REPOSITORY_BYTES);
  }

  /** Nothing remote: every URL is refused. */
  public static RemoteLoading disabled() {
    return new RemoteLoading(
        false, false, DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_REPOSITORY_BYTES);
  }

  /**
   * Flux's {@code --no-remote-bases}: Git repositories (remote bases) are refused, single files
   * over HTTP(S) still load.
   */
  public static RemoteLoading noRemoteBases() {
    return new RemoteLoading(
        true, false, DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_REPOSITORY_BYTES);
  }

  /** The same with other size limits. */
  public RemoteLoading withLimits(long maxFileBytes, long maxRepositoryBytes) {
    return new RemoteLoading(
        httpFiles, gitRepositories, httpTimeout, maxFileBytes, maxRepositoryBytes);
  }

  /** The same with another HTTP timeout. */
  public RemoteLoading withHttpTimeout(Duration httpTimeout) {
    return new RemoteLoading(
        httpFiles, gitRepositories, httpTimeout, maxFileBytes, maxRepositoryBytes);
  }
}
