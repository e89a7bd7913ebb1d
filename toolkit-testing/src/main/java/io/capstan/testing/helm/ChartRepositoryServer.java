package io.capstan.testing.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.capstan.testing.oci.TarGz;
import io.capstan.testing.tls.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP(S) Helm chart repository on 127.0.0.1 for tests: serves {@code /index.yaml} and chart
 * archives at {@code /charts/<name>-<version>.tgz} (listed in the index by relative URL, as {@code
 * helm repo index} writes them, or absolute under another origin, see {@link Builder#chartBaseUrl}
 * and {@link Builder#chartHost}). Charts are built from a map of files or a chart directory into
 * real gzip tarballs; versions can be published, removed or tampered with while the server runs.
 * Optional basic auth, TLS with a certificate from a test {@link CertificateAuthority} and mutual
 * TLS. Every request is logged ({@link #requests()}).
 *
 * <pre>{@code
 * try (ChartRepositoryServer repo = ChartRepositoryServer.builder().basicAuth("u", "p").start()) {
 *   repo.publish("podinfo", "6.5.0");
 *   String url = repo.url();          // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class ChartRepositoryServer implements AutoCloseable {

  private record Published(
      String name, String version, byte[] archive, String digest, Instant created, String url) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final String username;
  private final String password;
  private final String chartBaseUrl;
  private final String chartHost;
  private final List<Published> published = new ArrayList<>();
  private final List<ChartRepositoryRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile byte[] indexOverride;
  private volatile String filler = "";
  private volatile long clock = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

  private ChartRepositoryServer(Builder b) {
    this.username = b.username;
    this.password = b.password;
    this.chartBaseUrl = b.chartBaseUrl;
    this.chartHost = b.chartHost;
    try {
      InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (b.authority != null) {
        HttpsServer https = HttpsServer.create(bind, 64);
        SSLContext context = serverContext(b.authority, b.clientCertificates);
        boolean needClient = b.clientCertificates;
        https.setHttpsConfigurator(
            new HttpsConfigurator(context) {
              @Override
              public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(needClient);
                params.setSSLParameters(p);
              }
            });
        server = https;
      } else {
        server = HttpServer.create(bind, 64);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "chart-repository-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Settings for a new server. */
  public static Builder builder() {
    return new Builder();
  }

  /** A plain-HTTP anonymous repository, started. */
  public static ChartRepositoryServer start() {
    return builder().start();
  }

  /** {@code http(s)://127.0.0.1:<port>}: the HelmRepository {@code url}. */
  public String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Publishes a minimal chart ({@code Chart.yaml}, {@code values.yaml}, one ConfigMap template).
   *
   * @return the archive's SHA-256 hex (the index {@code digest})
   */
  public String publish(String name, String version) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("values.yaml", "replicaCount: 1\nmessage: hello from " + name + " " + version + "\n");
    files.put(
        "templates/configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-"
            + name
            + "\ndata:\n  message: {{ .Values.message | quote }}\n");
    return publish(name, version, files);
  }

  /**
   * Publishes a chart from files relative to the chart root; a {@code Chart.yaml} is generated
   * ({@code apiVersion: v2}) unless one is given.
   *
   * @return the archive's SHA-256 hex
   */
  public String publish(String name, String version, Map<String, String> files) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (!files.containsKey("Chart.yaml")) {
      entries.put(
          name + "/Chart.yaml",
          "apiVersion: v2\nname: " + name + "\nversion: " + version + "\ntype: application\n");
    }
    files.forEach((path, content) -> entries.put(name + "/" + path, content));
    return publishArchive(name, version, TarGz.of(entries));
  }

  /**
   * Packages a chart directory (every regular file, paths under {@code <name>/}) and publishes it
   * as {@code name}/{@code version}; the directory's {@code Chart.yaml} is used as is.
   */
  public String publishDirectory(String name, String version, Path chartDir) {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(chartDir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(
            chartDir.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return publish(name, version, files);
  }

  /**
   * Publishes raw archive bytes as {@code name}/{@code version} (hostile archives, other tools'
   * packages); the index digest is the SHA-256 of these bytes.
   */
  public synchronized String publishArchive(String name, String version, byte[] archive) {
    String digest = sha256(archive);
    String url = "charts/" + name + "-" + version + ".tgz";
    published.removeIf(p -> p.name().equals(name) && p.version().equals(version));
    published.add(
        new Published(name, version, archive.clone(), digest, Instant.ofEpochSecond(clock++), url));
    return digest;
  }

  /** Removes a version from the index and stops serving its archive. */
  public synchronized void remove(String name, String version) {
    published.removeIf(p -> p.name().equals(name) && p.version().equals(version));
  }

  /** Makes the index announce a wrong digest for a version (its archive is unchanged). */
  public synchronized void tamperDigest(String name, String version) {
    for (int i = 0; i < published.size(); i++) {
      Published p = published.get(i);
      if (p.name().equals(name) && p.version().equals(version)) {
        published.set(
            i,
            new Published(
                p.name(), p.version(), p.archive(), sha256(new byte[0]), p.created(), p.url()));
      }
    }
  }

  /**
   * Adds index-only entries (no archive) to make the index large like public repositories: {@code
   * charts} charts {@code filler-<i>} with {@code versions} versions each, every entry carrying a
   * description, maintainers and annotations of about {@code entryBytes} bytes.
   */
  public synchronized void fill(int charts, int versions, int entryBytes) {
    StringBuilder sb = new StringBuilder();
    String pad = "x".repeat(Math.max(0, entryBytes - 400));
    for (int c = 0; c < charts; c++) {
      sb.append("  filler-").append(c).append(":\n");
      for (int v = versions - 1; v >= 0; v--) {
        String version = (v / 100) + "." + (v / 10 % 10) + "." + (v % 10);
        sb.append("  - apiVersion: v2\n")
            .append("    appVersion: \"")
            .append(version)
            .append("\"\n")
            .append("    created: \"2025-01-01T00:00:00.000000000Z\"\n")
            .append("    description: A filler chart to make the index as large as real ones ")
            .append(pad)
            .append("\n")
            .append("    digest: ")
            .append(sha256((c + "/" + version).getBytes(StandardCharsets.UTF_8)))
            .append("\n")
            .append("    maintainers:\n    - email: team@example.com\n      name: team\n")
            .append("    annotations:\n      category: Infrastructure\n")
            .append("    name: filler-")
            .append(c)
            .append('\n')
            .append("    type: application\n")
            .append("    urls:\n    - charts/filler-")
            .append(c)
            .append('-')
            .append(version)
            .append(".tgz\n")
            .append("    version: ")
            .append(version)
            .append('\n');
      }
    }
    filler = sb.toString();
  }

  /**
   * Serves these bytes as {@code index.yaml} instead of the generated index ({@code null}: back).
   */
  public void serveIndex(byte[] raw) {
    indexOverride = raw == null ? null : raw.clone();
  }

  /** Answers the next {@code count} requests with {@code status} (fault injection). */
  public void failNext(int count, int status) {
    failureStatus = status;
    failures.set(count);
  }

  /** The generated {@code index.yaml} as served now. */
  public synchronized byte[] index() {
    byte[] override = indexOverride;
    if (override != null) {
      return override.clone();
    }
    StringBuilder sb = new StringBuilder("apiVersion: v1\nentries:\n");
    Map<String, List<Published>> byName = new LinkedHashMap<>();
    for (int i = published.size() - 1; i >= 0; i--) {
      Published p = published.get(i);
      byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
    }
    byName.forEach(
        (name, versions) -> {
          sb.append("  ").append(name).append(":\n");
          for (Published p : versions) {
            sb.append("  - apiVersion: v2\n")
                .append("    created: \"")
                .append(p.created())
                .append("\"\n")
                .append("    digest: ")
                .append(p.digest())
                .append('\n')
                .append("    name: ")
                .append(p.name())
                .append('\n')
                .append("    type: application\n")
                .append("    urls:\n    - ")
                .append(chartUrl(p.url()))
                .append('\n')
                .append("    version: ")
                .append(p.version())
                .append('\n');
          }
        });
    sb.append(filler);
    sb.append("generated: \"2026-01-01T00:00:00Z\"\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The SHA-256 hex of the published archive, or {@code null}. */
  public synchronized String digest(String name, String version) {
    for (Published p : published) {
      if (p.name().equals(name) && p.version().equals(version)) {
        return sha256(p.archive());
      }
    }
    return null;
  }

  /** The published archive's bytes, or {@code null}. */
  public synchronized byte[] archive(String name, String version) {
    for (Published p : published) {
      if (p.name().equals(name) && p.version().equals(version)) {
        return p.archive().clone();
      }
    }
    return null;
  }

  /** Every request answered so far, oldest first. */
  public List<ChartRepositoryRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the logged requests. */
  public void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String full =
        exchange.getRequestURI().getRawQuery() == null
            ? path
            : path + "?" + exchange.getRequestURI().getRawQuery();
    String user = null;
    boolean authorized = username == null;
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      user = colon < 0 ? decoded : decoded.substring(0, colon);
      if (username != null && decoded.equals(username + ":" + password)) {
        authorized = true;
      }
    }
    int status;
    byte[] body;
    String type = "text/plain";
    if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      status = failureStatus;
      body = "injected failure\n".getBytes(StandardCharsets.UTF_8);
    } else if (!authorized) {
      status = 401;
      body = "unauthorized\n".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"charts\"");
    } else if (!"GET".equals(exchange.getRequestMethod())
        && !"HEAD".equals(exchange.getRequestMethod())) {
      status = 405;
      body = new byte[0];
    } else if (path.equals("/index.yaml")) {
      status = 200;
      body = index();
      type = "application/x-yaml";
    } else if (path.startsWith("/charts/") && path.endsWith(".tgz")) {
      byte[] archive = lookupArchive(path.substring("/charts/".length()));
      status = archive == null ? 404 : 200;
      body = archive == null ? "not found\n".getBytes(StandardCharsets.UTF_8) : archive;
      type = "application/gzip";
    } else {
      status = 404;
      body = "not found\n".getBytes(StandardCharsets.UTF_8);
    }
    requests.add(
        new ChartRepositoryRequest(exchange.getRequestMethod(), full, user, authorized, status));
    exchange.getResponseHeaders().add("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }

  private String chartUrl(String relative) {
    if (chartBaseUrl != null) {
      return chartBaseUrl + "/" + relative;
    }
    if (chartHost != null) {
      return url().replace("127.0.0.1", chartHost) + "/" + relative;
    }
    return relative;
  }

  private synchronized byte[] lookupArchive(String file) {
    for (Published p : published) {
      if ((p.name() + "-" + p.version() + ".tgz").equals(file)) {
        return p.archive();
      }
    }
    return null;
  }

  private static SSLContext serverContext(CertificateAuthority authority, boolean clientCerts) {
    try {
      char[] password = "changeit".toCharArray();
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(authority.issueLoopbackServer().keyStore(password), password);
      TrustManagerFactory tmf = null;
      if (clientCerts) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(
            "ca",
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        authority.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the chart repository's TLS context", e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Settings of a {@link ChartRepositoryServer}. */
  public static final class Builder {
    private String username;
    private String password;
    private CertificateAuthority authority;
    private boolean clientCertificates;
    private String chartBaseUrl;
    private String chartHost;

    private Builder() {}

    /**
     * List charts by absolute URL on this server but under another host name (e.g. {@code
     * localhost}): another origin for Helm's credential rule, same server.
     */
    public Builder chartHost(String host) {
      this.chartHost = host;
      return this;
    }

    /** Require these basic-auth credentials for every request (401 otherwise). */
    public Builder basicAuth(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /** Serve HTTPS with a 127.0.0.1 certificate issued by {@code authority}. */
    public Builder https(CertificateAuthority authority) {
      this.authority = authority;
      return this;
    }

    /** With {@link #https}: require a client certificate issued by the same authority (mTLS). */
    public Builder requireClientCertificate() {
      this.clientCertificates = true;
      return this;
    }

    /**
     * List charts in the index by absolute URL under this origin (e.g. {@code
     * http://localhost:PORT} of another or the same server, to test credential forwarding) instead
     * of relative {@code charts/...} URLs.
     */
    public Builder chartBaseUrl(String baseUrl) {
      this.chartBaseUrl =
          baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      return this;
    }

    /** Starts the server on 127.0.0.1 and a free port. */
    public ChartRepositoryServer start() {
      if (clientCertificates && authority == null) {
        throw new IllegalStateException("requireClientCertificate() needs https(authority)");
      }
      return new ChartRepositoryServer(this);
    }
  }
}
