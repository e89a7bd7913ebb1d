package io.capstan.kustomize.engine.remote;

import io.capstan.kustomize.engine.KustomizeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The network side of one build: HTTP(S) files and Git clones, each fetched at most once per build
 * (the same URL, or the same repository at the same ref, is served from the first fetch), within
 * the bounds of {@link RemoteLoading}. Clones live in one private temporary directory, deleted by
 * {@link #close()} at the end of the build.
 *
 * <p>Not thread-safe: one build, one thread.
 */
public final class RemoteFetcher implements AutoCloseable {

  private final RemoteLoading options;
  private final Map<String, byte[]> files = new HashMap<>();
  private final Map<String, Path> clones = new HashMap<>();
  private HttpClient http;
  private Path workDirectory;
  private int cloneCount;
  private int downloadCount;

  /** A fetcher for one build. */
  public RemoteFetcher(RemoteLoading options) {
    this.options = options;
  }

  /** What this build may fetch. */
  public RemoteLoading options() {
    return options;
  }

  /** Whether {@code location} is an {@code http://} or {@code https://} URL (kustomize's test). */
  public static boolean isHttpUrl(String location) {
    int colon = location.indexOf("://");
    if (colon <= 0) {
      return false;
    }
    String scheme = location.substring(0, colon);
    return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
  }

  /**
   * The body of a {@code GET url} answered 2xx.
   *
   * @throws HttpStatusException on another status
   * @throws KustomizeException when the URL is invalid, unreachable, too slow or too large
   */
  public byte[] file(String url) {
    byte[] cached = files.get(url);
    if (cached != null) {
      return cached;
    }
    if (!options.httpFiles()) {
      throw new KustomizeException(
          "remote resource '" + url + "' is not allowed: remote loading is disabled");
    }
    byte[] body = download(url);
    files.put(url, body);
    return body;
  }

  private byte[] download(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new KustomizeException("invalid URL '" + url + "': " + e.getMessage());
    }
    Duration timeout = options.httpTimeout();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    downloadCount++;
    HttpResponse<InputStream> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new KustomizeException(
          "fetching '" + url + "': no response within " + seconds(timeout));
    } catch (IOException e) {
      throw new KustomizeException("fetching '" + url + "': " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KustomizeException("fetching '" + url + "': interrupted");
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        throw new HttpStatusException(url, status);
      }
      long declared = contentLength(response.headers());
      if (declared > options.maxFileBytes()) {
        throw tooLarge(url);
      }
      // The request timeout ends at the headers; the body is bounded by closing it at the deadline.
      CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> closeQuietly(body));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] bytes;
      try {
        bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxFileBytes() + 1));
      } catch (IOException e) {
        if (System.nanoTime() >= deadline) {
          throw new KustomizeException(
              "fetching '" + url + "': the body did not arrive within " + seconds(timeout));
        }
        throw new KustomizeException("fetching '" + url + "': " + describe(e));
      }
      if (bytes.length > options.maxFileBytes()) {
        throw tooLarge(url);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private KustomizeException tooLarge(String url) {
    return new KustomizeException(
        "fetching '" + url + "': larger than the limit of " + options.maxFileBytes() + " bytes");
  }

  private HttpClient client() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(options.httpTimeout())
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return http;
  }

  /**
   * The directory of a clone of {@code spec}'s repository checked out at its ref (cloned on first
   * use in this build).
   *
   * @throws KustomizeException when remote bases are refused, or the clone fails, times out or
   *     exceeds the size limit
   */
  public Path clone(RepoSpec spec) {
    if (!options.gitRepositories()) {
      throw new KustomizeException(
          "remote base '" + spec.raw() + "' is not allowed: remote bases are disabled");
    }
    String key = spec.cloneUrl() + "\n" + spec.ref() + "\n" + spec.submodules();
    Path done = clones.get(key);
    if (done != null) {
      return done;
    }
    Path directory;
    try {
      directory = Files.createTempDirectory(workDirectory(), "repo-");
    } catch (IOException e) {
      throw new KustomizeException("cannot create a directory for cloning: " + e.getMessage());
    }
    cloneCount++;
    new GitClone(spec, directory, options.maxRepositoryBytes()).run();
    Path real;
    try {
      real = directory.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    clones.put(key, real);
    return real;
  }

  /** How many clones this build made (cached ones not counted again). */
  public int cloneCount() {
    return cloneCount;
  }

  /** How many HTTP downloads this build made (cached ones not counted again). */
  public int downloadCount() {
    return downloadCount;
  }

  private Path workDirectory() throws IOException {
    if (workDirectory == null) {
      workDirectory = Files.createTempDirectory("capstan-kustomize-remote-");
    }
    return workDirectory;
  }

  /** Deletes every clone of this build. */
  @Override
  public void close() {
    if (workDirectory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(workDirectory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the directory is private to this build and under the temporary directory
    }
    workDirectory = null;
    clones.clear();
  }

  private static long contentLength(HttpHeaders headers) {
    return headers.firstValueAsLong("content-length").orElse(-1);
  }

  static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // already closed or broken: the reader sees it
    }
  }

  /** A non-2xx answer to a file download (kustomize's {@code ErrHTTP}). */
  public static final class HttpStatusException extends KustomizeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpStatusException(String url, int status) {
      super("fetching '" + url + "': HTTP Error: status code " + status + statusText(status));
      this.status = status;
    }

    private static String statusText(int status) {
      String text =
          switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
          };
      return text.isEmpty() ? "" : " (" + text + ")";
    }

    /** The HTTP status received. */
    public int status() {
      return status;
    }
  }
}
