package io.capstan.source.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Test-only Git smart-HTTP server (protocol v0, upload-pack only) on 127.0.0.1, serving bare
 * repositories under a root directory, with optional basic or bearer auth, optional TLS, and a log
 * of every request ("GET /x.git/info/refs", "POST /x.git/git-upload-pack").
 */
public final class SmartHttpGitServer implements AutoCloseable {

  private final HttpServer server;
  private final Path root;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String expectedAuthorization;
  private volatile String expectedProxyAuthorization;

  private SmartHttpGitServer(HttpServer server, Path root) {
    this.server = server;
    this.root = root;
    server.createContext("/", this::handle);
    server.start();
  }

  /** A plain-HTTP server on 127.0.0.1 serving the bare repositories under {@code root}. */
  public static SmartHttpGitServer http(Path root) throws IOException {
    return new SmartHttpGitServer(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), root);
  }

  /** An HTTPS server with {@code tls}, demanding a client certificate when asked. */
  public static SmartHttpGitServer https(
      Path root, SSLContext tls, boolean requireClientCertificate) throws IOException {
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(com.sun.net.httpserver.HttpsParameters params) {
            javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
            p.setNeedClientAuth(requireClientCertificate);
            params.setSSLParameters(p);
          }
        });
    return new SmartHttpGitServer(s, root);
  }

  SmartHttpGitServer basicAuth(String user, String password) {
    expectedAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Acts as an HTTP proxy that demands these credentials (requests are served by path). */
  SmartHttpGitServer proxyAuth(String user, String password) {
    expectedProxyAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The server's own address, for use as a proxy address. */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Demands {@code Authorization: Bearer <token>} on every request (401 otherwise). */
  public SmartHttpGitServer bearerAuth(String token) {
    expectedAuthorization = "Bearer " + token;
    return this;
  }

  /** The URL of the repository at {@code repo} (a path under the root). */
  public String url(String repo) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/" + repo;
  }

  /** Every request so far, plus a "PROXIED host" entry for each request made as a proxy. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  long uploadPackPosts() {
    return requests.stream()
        .filter(r -> r.startsWith("POST") && r.endsWith("git-upload-pack"))
        .count();
  }

  void resetRequests() {
    requests.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      requests.add(ex.getRequestMethod() + " " + path);
      if (ex.getRequestURI().getHost() != null) {
        requests.add("PROXIED " + ex.getRequestURI().getHost());
      }
      String proxy = expectedProxyAuthorization;
      if (proxy != null && !proxy.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
        ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
        ex.sendResponseHeaders(407, -1);
        return;
      }
      String expected = expectedAuthorization;
      if (expected != null && !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      String repoPath;
      boolean advertise;
      if (path.endsWith("/info/refs")) {
        repoPath = path.substring(1, path.length() - "/info/refs".length());
        advertise = true;
      } else if (path.endsWith("/git-upload-pack")) {
        repoPath = path.substring(1, path.length() - "/git-upload-pack".length());
        advertise = false;
      } else {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      Path dir = root.resolve(repoPath).normalize();
      if (!dir.startsWith(root) || !dir.toFile().isDirectory()) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build()) {
        UploadPack up = new UploadPack(repo);
        up.setBiDirectionalPipe(false);
        if (advertise) {
          ex.getResponseHeaders()
              .add("Content-Type", "application/x-git-upload-pack-advertisement");
          ex.getResponseHeaders().add("Cache-Control", "no-cache");
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          PacketLineOut pck = new PacketLineOut(buf);
          pck.writeString("# service=git-upload-pack\n");
          pck.end();
          up.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
          ex.sendResponseHeaders(200, buf.size());
          ex.getResponseBody().write(buf.toByteArray());
        } else {
          ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
          ex.sendResponseHeaders(200, 0);
          InputStream in = ex.getRequestBody();
          if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
          }
          try (OutputStream out = ex.getResponseBody()) {
            up.upload(in, out, null);
          }
        }
      }
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}
