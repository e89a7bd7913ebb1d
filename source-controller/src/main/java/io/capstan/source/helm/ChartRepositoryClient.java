package io.capstan.source.helm;

import io.capstan.oci.TlsSettings;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Talks to one HTTP/S Helm chart repository as Helm's HTTP getter does: downloads {@code
 * index.yaml} and chart archives with basic auth (sent to chart URLs on another scheme/host/port
 * only with {@code passCredentials}), a custom CA and client certificate, a per-request timeout and
 * size limits, verifies a chart against its index digest, and retries transient failures
 * (unreachable, timeouts, HTTP 5xx/429) with one resilience4j policy. Redirects are followed (at
 * most 10) and drop the credentials when they leave the origin. Cheap to create per reconcile:
 * connections are pooled by the JDK.
 */
public final class ChartRepositoryClient {

  private static final System.Logger LOG = System.getLogger(ChartRepositoryClient.class.getName());
  private static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "capstan-source-controller (Helm chart repository)";

  /** Flux's default {@code --helm-index-max-size}: 50 MiB. */
  public static final long DEFAULT_INDEX_MAX_SIZE = 50L * 1024 * 1024;

  /** Flux's default {@code --helm-chart-max-size}: 10 MiB. */
  public static final long DEFAULT_CHART_MAX_SIZE = 10L * 1024 * 1024;

  private final URI repository;
  private final String authorization;
  private final boolean passCredentials;
  private final SSLSocketFactory sslSocketFactory;
  private final Duration timeout;
  private final long indexMaxSize;
  private final long chartMaxSize;
  private final Retry retry;

  private ChartRepositoryClient(Builder b) throws ChartRepositoryException.InvalidUrl {
    this.repository = ChartRepositoryUrls.repository(b.url);
    this.authorization =
        b.username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (b.username + ":" + b.password).getBytes(StandardCharsets.UTF_8));
    this.passCredentials = b.passCredentials;
    this.sslSocketFactory = b.tls == null ? null : b.tls.sslContext().getSocketFactory();
    this.timeout = b.timeout;
    this.indexMaxSize = b.indexMaxSize;
    this.chartMaxSize = b.chartMaxSize;
    this.retry =
        Retry.of(
            "helm-repository",
            RetryConfig.custom()
                .maxAttempts(b.maxAttempts)
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(Math.max(1, b.retryWait.toMillis()), 2.0))
                .retryOnException(
                    t -> t instanceof ChartRepositoryException e && e.transientFailure())
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                LOG.log(
                    System.Logger.Level.DEBUG,
                    "chart repository request attempt {0} failed, retrying: {1}",
                    e.getNumberOfRetryAttempts(),
                    e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
  }

  /** A client for the repository at {@code url} (without {@code /index.yaml}). */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The repository URL as parsed. */
  public URI repositoryUrl() {
    return repository;
  }

  /**
   * Downloads {@code index.yaml} into {@code target} (replaced).
   *
   * @throws ChartRepositoryException.TooLarge over {@code --helm-index-max-size}
   * @throws ChartRepositoryException.HttpStatus on a non-200 answer (after retries for 5xx)
   * @throws ChartRepositoryException.Unreachable on network failures (after retries)
   */
  public Download fetchIndex(Path target) throws ChartRepositoryException {
    URI index = ChartRepositoryUrls.index(repository);
    return retrying(() -> get(index, true, target, indexMaxSize, "index"));
  }

  /**
   * Downloads and parses {@code index.yaml}, keeping the bytes in {@code target} (the artifact
   * HelmRepository stores).
   */
  public ChartRepositoryIndex fetchAndParseIndex(Path target)
      throws ChartRepositoryException, IOException {
    fetchIndex(target);
    return ChartRepositoryIndex.load(target, indexMaxSize);
  }

  /**
   * Downloads a chart archive (the entry's first URL, resolved against the repository URL) into
   * {@code target} and, when the index entry has a {@code digest}, checks the archive's SHA-256
   * against it.
   *
   * @throws ChartRepositoryException.DigestMismatch if the archive is not the one the index names
   * @throws ChartRepositoryException.TooLarge over {@code --helm-chart-max-size}
   */
  public Download downloadChart(ChartVersion chart, Path target) throws ChartRepositoryException {
    if (chart.urls().isEmpty()) {
      throw new ChartRepositoryException.InvalidUrl(
          "chart '" + chart.name() + "' has no downloadable URLs");
    }
    URI url = ChartRepositoryUrls.resolveChart(repository, chart.urls().get(0));
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ChartRepositoryException.InvalidUrl(
          "scheme \""
              + scheme
              + "\" not supported for chart URL '"
              + ChartRepositoryUrls.redact(url)
              + "'");
    }
    boolean credentials = passCredentials || ChartRepositoryUrls.sameOrigin(repository, url);
    Download d = retrying(() -> get(url, credentials, target, chartMaxSize, "chart"));
    String expected = chart.digest() == null ? "" : chart.digest().trim();
    if (expected.startsWith("sha256:")) {
      expected = expected.substring("sha256:".length());
    }
    if (!expected.isEmpty() && !expected.equalsIgnoreCase(d.sha256())) {
      throw new ChartRepositoryException.DigestMismatch(
          "chart '"
              + chart.name()
              + "' version '"
              + chart.version()
              + "' digest mismatch: index says sha256:"
              + expected.toLowerCase(Locale.ROOT)
              + ", downloaded sha256:"
              + d.sha256());
    }
    return d;
  }

  private interface Attempt {
    Download run() throws ChartRepositoryException;
  }

  private Download retrying(Attempt attempt) throws ChartRepositoryException {
    try {
      return retry.executeCallable(attempt::run);
    } catch (ChartRepositoryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One GET (no retry) following redirects, streamed into {@code target} within the limit. */
  private Download get(URI url, boolean withCredentials, Path target, long maxSize, String what)
      throws ChartRepositoryException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI current = url;
    boolean credentials = withCredentials;
    for (int hop = 0; ; hop++) {
      HttpURLConnection c = null;
      try {
        c = open(current, credentials, deadline);
        int status = c.getResponseCode();
        if (status >= 300
            && status < 400
            && status != 304
            && c.getHeaderField("Location") != null) {
          if (hop >= MAX_REDIRECTS) {
            throw new ChartRepositoryException.HttpStatus(
                "failed to fetch "
                    + ChartRepositoryUrls.redact(url)
                    + " : stopped after "
                    + MAX_REDIRECTS
                    + " redirects",
                status);
          }
          URI next = current.resolve(c.getHeaderField("Location"));
          credentials = credentials && ChartRepositoryUrls.sameOrigin(current, next);
          drain(c);
          current = next;
          continue;
        }
        if (status != 200) {
          String reason = c.getResponseMessage();
          drain(c);
          throw new ChartRepositoryException.HttpStatus(
              "failed to fetch "
                  + ChartRepositoryUrls.redact(current)
                  + " : "
                  + status
                  + (reason == null || reason.isEmpty() ? "" : " " + reason),
              status);
        }
        long length = c.getContentLengthLong();
        if (length > maxSize) {
          c.disconnect();
          throw tooLarge(what, maxSize);
        }
        return copy(c, target, maxSize, what, deadline);
      } catch (SocketTimeoutException e) {
        disconnect(c);
        throw new ChartRepositoryException.Unreachable(
            "failed to fetch " + ChartRepositoryUrls.redact(current) + ": timeout after " + timeout,
            e);
      } catch (SSLException e) {
        disconnect(c);
        throw new ChartRepositoryException.Unreachable(
            "failed to fetch "
                + ChartRepositoryUrls.redact(current)
                + ": TLS handshake failed: "
                + safe(e),
            e);
      } catch (IOException e) {
        disconnect(c);
        throw new ChartRepositoryException.Unreachable(
            "failed to fetch " + ChartRepositoryUrls.redact(current) + ": " + safe(e), e);
      }
    }
  }

  private HttpURLConnection open(URI url, boolean credentials, long deadline) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    if (c instanceof HttpsURLConnection https && sslSocketFactory != null) {
      https.setSSLSocketFactory(sslSocketFactory);
    }
    int remaining = remainingMillis(deadline);
    c.setConnectTimeout(remaining);
    c.setReadTimeout(remaining);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setRequestProperty("User-Agent", USER_AGENT);
    if (credentials && authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  private Download copy(HttpURLConnection c, Path target, long maxSize, String what, long deadline)
      throws IOException, ChartRepositoryException {
    MessageDigest sha256 = ChartRepositoryIndex.sha256();
    long total = 0;
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (InputStream in = c.getInputStream();
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > maxSize) {
          c.disconnect();
          throw tooLarge(what, maxSize);
        }
        sha256.update(buf, 0, n);
        out.write(buf, 0, n);
        c.setReadTimeout(remainingMillis(deadline));
      }
    }
    return new Download(target, total, HexFormat.of().formatHex(sha256.digest()));
  }

  private static ChartRepositoryException.TooLarge tooLarge(String what, long maxSize) {
    return new ChartRepositoryException.TooLarge(
        what + " exceeds the maximum " + what + " file size of " + maxSize + " bytes");
  }

  private int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline exceeded");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  private static void drain(HttpURLConnection c) {
    try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
      if (in != null) {
        in.readNBytes(64 * 1024);
      }
    } catch (IOException e) {
      // The connection is dropped instead of reused.
    }
  }

  private static void disconnect(HttpURLConnection c) {
    if (c != null) {
      c.disconnect();
    }
  }

  /** An exception's text without anything that could carry a URL's user info. */
  private static String safe(Exception e) {
    String m = e.getMessage();
    String text = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return ChartRepositoryUrls.redact(text);
  }

  /** Settings of a {@link ChartRepositoryClient}. */
  public static final class Builder {
    private final String url;
    private String username;
    private String password;
    private boolean passCredentials;
    private TlsSettings tls;
    private Duration timeout = Duration.ofSeconds(60);
    private long indexMaxSize = DEFAULT_INDEX_MAX_SIZE;
    private long chartMaxSize = DEFAULT_CHART_MAX_SIZE;
    private int maxAttempts = 3;
    private Duration retryWait = Duration.ofMillis(500);

    private Builder(String url) {
      this.url = url;
    }

    /** Basic auth for the repository's origin (a {@code secretRef}'s username/password). */
    public Builder basicAuth(String username, String password) {
      this.username = Objects.requireNonNull(username);
      this.password = Objects.requireNonNull(password);
      return this;
    }

    /** Send the credentials to chart URLs on other hosts too ({@code spec.passCredentials}). */
    public Builder passCredentials(boolean pass) {
      this.passCredentials = pass;
      return this;
    }

    /** CA and/or client certificate ({@code certSecretRef}); {@code null}: JVM trust. */
    public Builder tls(TlsSettings tls) {
      this.tls = tls;
      return this;
    }

    /** Per-request deadline, connection to last byte ({@code spec.timeout}, default 60s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** {@code --helm-index-max-size}. */
    public Builder indexMaxSize(long bytes) {
      this.indexMaxSize = bytes;
      return this;
    }

    /** {@code --helm-chart-max-size}. */
    public Builder chartMaxSize(long bytes) {
      this.chartMaxSize = bytes;
      return this;
    }

    /** Attempts per request for transient failures (default 3; 1 disables retries). */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Math.max(1, attempts);
      return this;
    }

    /** The first wait between attempts, doubled each time (default 500ms). */
    public Builder retryWait(Duration wait) {
      this.retryWait = Objects.requireNonNull(wait);
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws ChartRepositoryException.InvalidUrl if the URL is not an absolute http(s) URL
     */
    public ChartRepositoryClient build() throws ChartRepositoryException.InvalidUrl {
      return new ChartRepositoryClient(this);
    }
  }
}
