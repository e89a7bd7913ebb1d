package io.capstan.source.storage;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.runtime.artifact.ArtifactDigest;
import io.capstan.runtime.process.ListenAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the artifact storage over HTTP ({@code --storage-addr}), read-only.
 *
 * <p>Guarantees: only regular files under the root are served (GET and HEAD; other methods get
 * 405); a symlink inside the root (the {@code latest.tar.gz} link of {@code status.url}) is served
 * as the file it points at; directories, the root, hidden files (locks, temporaries) and symlinks
 * resolving outside the root get 404, never a listing; {@code ..} in any spelling ({@code %2e%2e},
 * encoded slashes) gets 400. Responses carry the exact {@code Content-Length} and an {@code ETag}
 * that is the file's quoted {@code sha256:<hex>} digest, i.e. the {@code status.artifact.digest} of
 * the artifact it serves; {@code If-None-Match} with that tag gets 304. Files are streamed, and a
 * file replaced while being served is sent whole in its old version (the open file is what is
 * sent).
 */
public final class ArtifactServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArtifactServer.class);
  private static final int ETAG_CACHE_SIZE = 4096;

  private final Path root;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<FileVersion, String> etags =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<FileVersion, String> eldest) {
          return size() > ETAG_CACHE_SIZE;
        }
      };

  /** Identifies one version of a file: atomic replacement always changes the file key. */
  private record FileVersion(Path path, Object fileKey, long size, long mtimeMillis) {
    static FileVersion of(Path path, BasicFileAttributes a) {
      return new FileVersion(path, a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
    }
  }

  private ArtifactServer(Path root, HttpServer server, ExecutorService executor) {
    this.root = root;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code storageRoot} on {@code bindAddress}: {@code host:port}, {@code :port}
   * (all interfaces) or {@code [ipv6]:port}; port 0 picks a free port (see {@link #address()}).
   */
  public static ArtifactServer start(Path storageRoot, String bindAddress) throws IOException {
    return start(storageRoot, bindAddress, 8);
  }

  /** Same as {@link #start(Path, String)} with {@code threads} request threads. */
  public static ArtifactServer start(Path storageRoot, String bindAddress, int threads)
      throws IOException {
    Path root = storageRoot.toRealPath();
    HttpServer server = HttpServer.create(parseAddress(bindAddress), 128);
    AtomicInteger counter = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "artifact-server-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ArtifactServer artifactServer = new ArtifactServer(root, server, executor);
    server.createContext("/", artifactServer::handle);
    server.setExecutor(executor);
    server.start();
    return artifactServer;
  }

  /** The bound address (with the actual port when 0 was requested). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting requests and ends the request threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * Parses a Flux-style bind address ({@code :9090}, {@code host:port}, {@code [::1]:0}); an empty
   * host means all interfaces.
   */
  public static InetSocketAddress parseAddress(String address) {
    return ListenAddress.parse(address);
  }

  private void handle(HttpExchange exchange) {
    try {
      respond(exchange);
    } catch (IOException | RuntimeException e) {
      LOG.debug("artifact request {} failed: {}", exchange.getRequestURI(), e.toString());
      if (exchange.getResponseCode() < 0) {
        try {
          sendError(exchange, 500, "internal error", false);
        } catch (IOException ignored) {
          // the client is gone
        }
      }
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      sendError(exchange, 405, "method not allowed", false);
      return;
    }
    String relative;
    try {
      relative = RequestPath.decode(rawPath(exchange.getRequestURI()));
    } catch (RequestPath.Refused refused) {
      sendError(exchange, refused.status, refused.getMessage(), head);
      return;
    }
    serve(exchange, relative, head);
  }

  /**
   * The request path as sent: {@code java.net.URI} reads an origin-form target such as {@code
   * //etc/passwd} as authority {@code etc} plus path {@code /passwd}; put it back together.
   */
  private static String rawPath(URI uri) {
    String path = uri.getRawPath();
    if (uri.getScheme() == null && uri.getRawAuthority() != null) {
      return "//" + uri.getRawAuthority() + (path == null ? "" : path);
    }
    return path;
  }

  /** The real path of a servable regular file under the root, or {@code null}. */
  private Path resolve(String relative) throws IOException {
    Path candidate = root.resolve(relative).normalize();
    if (!candidate.startsWith(root) || !Files.exists(candidate)) {
      return null;
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      return null; // deleted (garbage-collected) meanwhile
    }
    if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return real;
  }

  /**
   * Serves the file at {@code relative}, resolving it again on each attempt: a {@code
   * latest.tar.gz} link re-pointed (and its old target garbage-collected) between resolving and
   * opening is followed to the new artifact instead of answering 404.
   */
  private void serve(HttpExchange exchange, String relative, boolean head) throws IOException {
    FileChannel channel = null;
    BasicFileAttributes attrs = null;
    Path file = null;
    for (int attempt = 0; attempt < 5 && channel == null; attempt++) {
      file = resolve(relative);
      if (file == null) {
        // Missing, or a link read just before it was re-pointed whose old target is gone.
        continue;
      }
      try {
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        if (FileVersion.of(file, before).equals(FileVersion.of(file, after))
            && opened.size() == after.size()) {
          channel = opened;
          attrs = after;
        } else {
          opened.close(); // replaced between the two looks: look again
        }
      } catch (NoSuchFileException e) {
        // Deleted between resolving and opening (a re-pointed link's old target): look again.
      }
    }
    if (channel == null && resolve(relative) == null) {
      sendError(exchange, 404, "not found", head);
      return;
    }
    if (channel == null) {
      sendError(exchange, 503, "artifact is being replaced, retry", head);
      return;
    }
    try (FileChannel open = channel) {
      String etag = "\"" + etag(file, attrs, open) + "\"";
      Headers headers = exchange.getResponseHeaders();
      headers.set("ETag", etag);
      headers.set("Content-Type", contentType(file));
      headers.set(
          "Last-Modified",
          DateTimeFormatter.RFC_1123_DATE_TIME.format(
              attrs.lastModifiedTime().toInstant().atOffset(ZoneOffset.UTC)));
      if (matches(exchange.getRequestHeaders().getFirst("If-None-Match"), etag)) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      if (head) {
        headers.set("Content-Length", Long.toString(attrs.size()));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, attrs.size() == 0 ? -1 : attrs.size());
      open.position(0);
      try (OutputStream body = exchange.getResponseBody();
          InputStream in = Channels.newInputStream(open)) {
        in.transferTo(body);
      }
    }
  }

  /** The file's sha256 digest, cached per file version; read from the channel being served. */
  private String etag(Path file, BasicFileAttributes attrs, FileChannel channel)
      throws IOException {
    FileVersion version = FileVersion.of(file, attrs);
    synchronized (etags) {
      String cached = etags.get(version);
      if (cached != null) {
        return cached;
      }
    }
    var md = ArtifactDigest.newMessageDigest(ArtifactDigest.CANONICAL_ALGORITHM);
    channel.position(0);
    InputStream in = Channels.newInputStream(channel);
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      md.update(buffer, 0, n);
    }
    String digest = ArtifactDigest.fromDigest(ArtifactDigest.CANONICAL_ALGORITHM, md).toString();
    synchronized (etags) {
      etags.put(version, digest);
    }
    return digest;
  }

  /** RFC 9110 If-None-Match: a list of (possibly weak) tags or {@code *}, compared weakly. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz") || name.endsWith(".gz")) {
      return "application/gzip";
    }
    return "application/octet-stream";
  }

  private static void sendError(HttpExchange exchange, int status, String message, boolean head)
      throws IOException {
    byte[] body = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
