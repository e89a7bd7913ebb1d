package io.capstan.runtime.artifact;

import io.capstan.runtime.artifact.DownloadSubscriber.Download;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a source artifact ({@code status.artifact.url}), verifies its digest and extracts it
 * safely into a temporary directory: the one way every consumer (kustomize-controller,
 * helm-controller, …) obtains source content.
 *
 * <p>Guarantees: the archive is streamed to disk while hashed, never buffered whole; connection
 * errors, timeouts, HTTP 429 and 5xx (except 501) are retried with exponential backoff, and nothing
 * else is (404 → {@link ArtifactNotFoundException}, digest mismatch → {@link
 * ArtifactDigestMismatchException}, unsafe archive → {@link UnsafeArchiveException}); nothing is
 * extracted before the digest matches; the temporary directory is deleted on every failure and when
 * the returned {@link FetchedArtifact} is closed. Thread-safe: one instance serves all reconciles.
 */
public final class ArtifactFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetcher.class);

  private final HttpClient client;
  private final Retry retry;
  private final int maxAttempts;
  private final Duration attemptTimeout;
  private final long maxDownloadBytes;
  private final ArchiveExtractor extractor;
  private final Path tempRoot;
  private final String hostOverride;

  private ArtifactFetcher(Builder b) {
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    this.maxAttempts = b.retries + 1;
    this.attemptTimeout = b.attemptTimeout;
    this.maxDownloadBytes = b.maxDownloadBytes;
    this.extractor = b.extractor;
    this.tempRoot = b.tempRoot;
    this.hostOverride = b.hostOverride;
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalFunction(
                IntervalFunction.ofExponentialBackoff(b.initialBackoff, 2.0, b.maxBackoff))
            .retryOnException(RetryableFailure.class::isInstance)
            .build();
    this.retry = Retry.of("artifact-fetch", config);
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                LOG.warn(
                    "artifact download attempt {} failed, retrying in {}: {}",
                    e.getNumberOfRetryAttempts(),
                    e.getWaitInterval(),
                    e.getLastThrowable().getMessage()));
  }

  /** A builder with Flux-like defaults (9 retries, 100 MiB extraction limit). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fetches, verifies and extracts the artifact at {@code url} whose digest is {@code digest}
   * ({@code <algorithm>:<hex>}).
   */
  public FetchedArtifact fetch(String url, String digest)
      throws ArtifactFetchException, InterruptedException {
    return fetch(url, digest, null);
  }

  /**
   * Same as {@link #fetch(String, String)}; when {@code expectedSize} (the artifact's {@code size})
   * is known, a response longer than it is cut off early instead of being downloaded.
   */
  public FetchedArtifact fetch(String url, String digest, Long expectedSize)
      throws ArtifactFetchException, InterruptedException {
    ArtifactDigest expected = ArtifactDigest.parse(digest);
    URI uri = resolve(url);
    long limit = downloadLimit(expectedSize);
    Path workDir;
    try {
      Files.createDirectories(tempRoot);
      workDir = Files.createTempDirectory(tempRoot, "capstan-artifact-");
    } catch (IOException e) {
      throw new ArtifactFetchException("cannot create a temporary directory: " + e, e);
    }
    boolean success = false;
    try {
      Path archive = workDir.resolve("artifact.tar.gz");
      Download download = downloadWithRetries(uri, expected.algorithm(), limit, archive);
      if (!download.digest().equals(expected)) {
        throw new ArtifactDigestMismatchException(uri.toString(), expected, download.digest());
      }
      Path root = workDir.resolve("root");
      ArchiveExtractor.Summary summary;
      try {
        summary = extractor.extract(archive, root);
        Files.delete(archive);
      } catch (ArtifactFetchException e) {
        throw e;
      } catch (IOException e) {
        throw new ArtifactFetchException("cannot extract artifact from " + uri + ": " + e, e);
      }
      success = true;
      return new FetchedArtifact(
          workDir, root, uri.toString(), download.digest(), download.bytes(), summary);
    } finally {
      if (!success) {
        try {
          FileTree.deleteIfExists(workDir);
        } catch (IOException e) {
          LOG.warn("cannot delete temporary directory {}: {}", workDir, e.toString());
        }
      }
    }
  }

  private Download downloadWithRetries(URI uri, String algorithm, long limit, Path archive)
      throws ArtifactFetchException, InterruptedException {
    try {
      return Retry.decorateCheckedSupplier(retry, () -> attempt(uri, algorithm, limit, archive))
          .get();
    } catch (RetryableFailure e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("artifact download interrupted");
      }
      throw new ArtifactFetchException(
          "failed to download artifact from "
              + uri
              + " after "
              + maxAttempts
              + " attempt(s): "
              + e.getMessage(),
          e.getCause());
    } catch (ArtifactFetchException | InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ArtifactFetchException("failed to download artifact from " + uri + ": " + t, t);
    }
  }

  /** One download attempt: the body goes to {@code archive}, hashed on the way. */
  private Download attempt(URI uri, String algorithm, long limit, Path archive)
      throws ArtifactFetchException, RetryableFailure, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(attemptTimeout).GET().build();
    BodyHandler<Download> handler =
        info ->
            info.statusCode() == 200
                ? new DownloadSubscriber(archive, algorithm, limit)
                : BodySubscribers.replacing(null);
    CompletableFuture<HttpResponse<Download>> pending = client.sendAsync(request, handler);
    HttpResponse<Download> response;
    try {
      response = pending.get(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new RetryableFailure("timed out after " + attemptTimeout, e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ArtifactFetchException afe) {
        throw afe;
      }
      if (cause instanceof IOException) {
        throw new RetryableFailure(cause.toString(), cause);
      }
      throw new ArtifactFetchException("download of " + uri + " failed: " + cause, cause);
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    if (status == 404) {
      throw new ArtifactNotFoundException(uri.toString());
    }
    if (status == 429 || (status >= 500 && status != 501)) {
      throw new RetryableFailure("HTTP " + status, null);
    }
    throw new ArtifactFetchException(
        "failed to download artifact from " + uri + ": HTTP " + status);
  }

  private long downloadLimit(Long expectedSize) {
    if (expectedSize == null || expectedSize < 0) {
      return maxDownloadBytes;
    }
    return maxDownloadBytes < 0 ? expectedSize : Math.min(expectedSize, maxDownloadBytes);
  }

  private URI resolve(String url) throws ArtifactFetchException {
    try {
      URI uri = new URI(Objects.requireNonNull(url, "url"));
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ArtifactFetchException("artifact URL must be http(s): " + url);
      }
      if (hostOverride == null) {
        return uri;
      }
      return new URI(
          uri.getScheme(), hostOverride, uri.getPath(), uri.getQuery(), uri.getFragment());
    } catch (URISyntaxException e) {
      throw new ArtifactFetchException("invalid artifact URL '" + url + "': " + e.getMessage(), e);
    }
  }

  /** A failure worth another attempt; never escapes this class. */
  private static final class RetryableFailure extends Exception {
    private static final long serialVersionUID = 1L;

    RetryableFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Configures an {@link ArtifactFetcher}; every setter has a safe default. */
  public static final class Builder {
    private HttpClient client;
    private int retries = 9;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration attemptTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private long maxDownloadBytes = ArchiveExtractor.UNLIMITED;
    private ArchiveExtractor extractor = new ArchiveExtractor();
    private Path tempRoot = Path.of(System.getProperty("java.io.tmpdir"));
    private String hostOverride;

    private Builder() {}

    /** The HTTP client to use (default: a JDK client following redirects). */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client);
      return this;
    }

    /** Retries after the first attempt (Flux's {@code --http-retry}, default 9). */
    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be >= 0");
      }
      this.retries = retries;
      return this;
    }

    /** Exponential backoff between attempts: first wait and cap (default 1s, 30s). */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff must be positive with max >= initial");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Bound on one attempt, response body included (default 30s, Flux's {@code --http-timeout}).
     */
    public Builder attemptTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.attemptTimeout = timeout;
      return this;
    }

    /** TCP connect timeout of the default client (default 10s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Bound on the compressed download (default {@link ArchiveExtractor#UNLIMITED}). */
    public Builder maxDownloadBytes(long bytes) {
      if (bytes <= 0 && bytes != ArchiveExtractor.UNLIMITED) {
        throw new IllegalArgumentException("maxDownloadBytes must be positive or UNLIMITED");
      }
      this.maxDownloadBytes = bytes;
      return this;
    }

    /** The extractor and its limits (default: 100 MiB, 1,000,000 entries). */
    public Builder extractor(ArchiveExtractor extractor) {
      this.extractor = Objects.requireNonNull(extractor);
      return this;
    }

    /** Parent of the per-fetch temporary directories (default {@code java.io.tmpdir}). */
    public Builder tempRoot(Path dir) {
      this.tempRoot = Objects.requireNonNull(dir);
      return this;
    }

    /**
     * Replaces the {@code host[:port]} of every artifact URL, like Flux's {@code
     * SOURCE_CONTROLLER_LOCALHOST}, e.g. to reach a port-forwarded source-controller.
     */
    public Builder hostOverride(String hostAndPort) {
      this.hostOverride = hostAndPort == null || hostAndPort.isBlank() ? null : hostAndPort;
      return this;
    }

    /** The configured fetcher. */
    public ArtifactFetcher build() {
      return new ArtifactFetcher(this);
    }
  }
}
