package io.capstan.testing.artifact;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Serves tar.gz artifacts over HTTP on 127.0.0.1, as source-controller's artifact server would, for
 * tests of artifact consumers (kustomize-controller, helm-controller): publish a tree, write the
 * returned URL, digest and size into a source's {@code status.artifact}. A published artifact can
 * be replaced by other bytes ({@link #tamper}) to simulate a forged or tampered download, and
 * downloads are counted.
 *
 * <pre>{@code
 * try (ArtifactHost host = new ArtifactHost()) {
 *   ArtifactHost.Published a = host.publish("/app.tar.gz", Map.of("app/cm.yaml", yaml));
 *   // status.artifact: url a.url(), digest a.digest(), size a.size()
 * }
 * }</pre>
 */
public final class ArtifactHost implements AutoCloseable {

  /**
   * A published artifact.
   *
   * @param url where it is served
   * @param digest {@code sha256:<hex>} of the bytes published
   * @param size the number of bytes published
   */
  public record Published(String url, String digest, long size) {}

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();

  /** Starts serving on an ephemeral loopback port; 404 for paths not published. */
  public ArtifactHost() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = files.get(path);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            downloads.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  /** Publishes a tarball of {@code tree} (path → content) at {@code path} ({@code /a.tar.gz}). */
  public Published publish(String path, Map<String, String> tree) throws IOException {
    byte[] tarball = tarGz(tree);
    files.put(path, tarball);
    return new Published(url(path), sha256(tarball), tarball.length);
  }

  /** Replaces the bytes served at {@code path} without changing what was published. */
  public void tamper(String path, Map<String, String> tree) throws IOException {
    files.put(path, tarGz(tree));
  }

  /** How many times {@code path} was downloaded (404s not counted). */
  public int downloads(String path) {
    AtomicInteger count = downloads.get(path);
    return count == null ? 0 : count.get();
  }

  /** The URL of {@code path} on this host. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A gzip-compressed tarball of {@code tree} (path → UTF-8 content), entries sorted by path. */
  public static byte[] tarGz(Map<String, String> tree) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (var file : new TreeMap<>(tree).entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] data) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.stop(0);
  }
}
