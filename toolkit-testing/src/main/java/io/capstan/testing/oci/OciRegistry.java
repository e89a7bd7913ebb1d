package io.capstan.testing.oci;

import io.capstan.local.kube.ManagedProcess;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (CNCF Distribution 2.8) on
 * 127.0.0.1 with a generated config and a temporary storage directory, optionally behind HTTP basic
 * auth (bcrypt htpasswd), TLS from a test CA, or token auth (an in-process token service signing
 * JWTs, the flow Docker Hub and most registries use). Every request it serves is readable from
 * {@link #requests()}.
 *
 * <pre>{@code
 * try (OciRegistry registry = OciRegistry.builder().basicAuth("user", "pass").start()) {
 *   PushedArtifact a = registry.pushArtifact("org/app", "v1.0.0", Map.of("cm.yaml", "..."));
 *   String url = registry.url("org/app");   // oci://127.0.0.1:PORT/org/app
 * }
 * }</pre>
 */
public final class OciRegistry implements AutoCloseable {

  /** Where the binary is looked up unless {@code CAPSTAN_DOCKER_REGISTRY} names another. */
  public static final String DEFAULT_BINARY = "/usr/bin/docker-registry";

  private static final Pattern ACCESS =
      Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) ");

  private final Builder options;
  private final Path runDir;
  private final RegistryTokenServer tokens;
  private final IssuedCertificate serverCertificate;
  private ManagedProcess process;
  private int port;
  private volatile long logMark;

  private OciRegistry(Builder b) throws IOException {
    this.options = b;
    this.runDir = Files.createTempDirectory("capstan-registry-");
    this.tokens =
        b.tokenUser != null ? new RegistryTokenServer(b.tokenUser, b.tokenPassword) : null;
    this.serverCertificate = b.authority != null ? b.authority.issueLoopbackServer() : null;
  }

  /** Starts configuring a registry (anonymous, plain HTTP). */
  public static Builder builder() {
    return new Builder();
  }

  /** The registry binary, or null when it is not installed. */
  public static Path binary() {
    String override = System.getenv("CAPSTAN_DOCKER_REGISTRY");
    Path p = Path.of(override != null && !override.isBlank() ? override : DEFAULT_BINARY);
    return Files.isExecutable(p) ? p : null;
  }

  /** Whether the registry binary is installed (tests skip when it is not). */
  public static boolean available() {
    return binary() != null;
  }

  private void launch() throws IOException {
    Path binary = binary();
    if (binary == null) {
      throw new IllegalStateException(
          "docker-registry is not installed (apt-get install -y docker-registry)");
    }
    Files.createDirectories(runDir.resolve("storage"));
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      port = freePort();
      Path config = runDir.resolve("config.yml");
      Files.writeString(config, config());
      Path log = runDir.resolve("registry.log");
      Files.writeString(log, "");
      logMark = 0;
      process =
          ManagedProcess.start(
              "docker-registry", List.of(binary.toString(), "serve", config.toString()), log);
      if (awaitReady(Duration.ofSeconds(20))) {
        return;
      }
      String tail = process.logTail(20);
      process.stop(2);
      last = new IOException("docker-registry did not start on port " + port + ":\n" + tail);
      if (!tail.contains("address already in use")) {
        break;
      }
    }
    throw last;
  }

  private String config() throws IOException {
    StringBuilder c = new StringBuilder();
    c.append("version: 0.1\n")
        .append("log:\n  level: info\n  formatter: json\n  accesslog:\n    disabled: false\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(runDir.resolve("storage"))
        .append("\n  delete:\n    enabled: true\n")
        .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append("\n  secret: ")
        .append(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)))
        .append('\n');
    if (serverCertificate != null) {
      Path crt = runDir.resolve("tls.crt");
      Path key = runDir.resolve("tls.key");
      Files.writeString(crt, serverCertificate.certificatePem());
      Files.writeString(key, serverCertificate.privateKeyPem());
      c.append("  tls:\n    certificate: ")
          .append(crt)
          .append("\n    key: ")
          .append(key)
          .append('\n');
      if (options.requireClientCertificates) {
        Path ca = runDir.resolve("client-ca.crt");
        Files.writeString(ca, options.authority.certificatePem());
        c.append("    clientcas:\n      - ").append(ca).append('\n');
      }
    }
    if (options.basicUser != null) {
      Path htpasswd = runDir.resolve("htpasswd");
      String hash =
          OpenBSDBCrypt.generate(
              "2a", options.basicPassword.toCharArray(), new SecureRandom().generateSeed(16), 6);
      Files.writeString(htpasswd, options.basicUser + ":" + hash + "\n");
      c.append("auth:\n  htpasswd:\n    realm: capstan-test\n    path: ")
          .append(htpasswd)
          .append('\n');
    } else if (tokens != null) {
      Path bundle = runDir.resolve("token-ca.crt");
      Files.writeString(bundle, tokens.rootCertificatePem());
      c.append("auth:\n  token:\n    realm: ")
          .append(tokens.realm())
          .append("\n    service: ")
          .append(RegistryTokenServer.SERVICE)
          .append("\n    issuer: ")
          .append(RegistryTokenServer.ISSUER)
          .append("\n    rootcertbundle: ")
          .append(bundle)
          .append('\n');
    }
    return c.toString();
  }

  private boolean awaitReady(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpClient probe = client();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<Void> r =
            probe.send(
                HttpRequest.newBuilder(baseUri().resolve("/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200 || r.statusCode() == 401) {
          logMark = logLength();
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:PORT}, the registry host of references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** {@code oci://127.0.0.1:PORT/<repository>}, as an OCIRepository's {@code spec.url}. */
  public String url(String repository) {
    return "oci://" + host() + "/" + repository;
  }

  /** {@code http(s)://127.0.0.1:PORT}. */
  public URI baseUri() {
    return URI.create((serverCertificate != null ? "https://" : "http://") + host());
  }

  /** Whether the registry serves TLS. */
  public boolean tls() {
    return serverCertificate != null;
  }

  /** The CA certificate PEM that clients must trust (TLS registries only). */
  public String caPem() {
    return options.authority == null ? null : options.authority.certificatePem();
  }

  /** The username clients must present (basic or token auth), or null for anonymous. */
  public String username() {
    return options.basicUser != null ? options.basicUser : options.tokenUser;
  }

  /** The password clients must present, or null for anonymous. */
  public String password() {
    return options.basicUser != null ? options.basicPassword : options.tokenPassword;
  }

  /**
   * A {@code .dockerconfigjson} payload for this registry (a Secret of type {@code
   * kubernetes.io/dockerconfigjson}) with the given credentials.
   */
  public String dockerConfigJson(String user, String pass) {
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\""
        + host()
        + "\":{\"username\":\""
        + user
        + "\",\"password\":\""
        + pass
        + "\",\"auth\":\""
        + auth
        + "\"}}}";
  }

  /** Tokens the token service issued (token auth only, else 0). */
  public int tokensIssued() {
    return tokens == null ? 0 : tokens.tokensIssued();
  }

  /** Requests served since start or the last {@link #clearRequests()}, oldest first. */
  public List<RegistryRequest> requests() {
    List<RegistryRequest> out = new ArrayList<>();
    Path log = runDir.resolve("registry.log");
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logMark, all.length);
      String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
      Matcher m = ACCESS.matcher(text);
      while (m.find()) {
        out.add(new RegistryRequest(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Forgets the requests served so far. */
  public void clearRequests() {
    logMark = logLength();
  }

  private long logLength() {
    try {
      return Files.size(runDir.resolve("registry.log"));
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Overwrites the stored bytes of blob {@code digest} (in every repository) so that the registry
   * serves content that no longer matches its digest: for digest-verification tests.
   */
  public void tamperBlob(String digest, byte[] content) {
    String hex = digest.substring("sha256:".length());
    Path data =
        runDir.resolve(
            "storage/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    try {
      Files.write(data, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the registry process is running. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the registry (the port stays reserved by nobody); {@link #restart()} brings it back. */
  public synchronized void stop() {
    if (process != null) {
      process.stop(5);
    }
  }

  /** Starts the registry again on the same port with the same storage. */
  public synchronized void restart() throws IOException {
    stop();
    Path binary = binary();
    process =
        ManagedProcess.start(
            "docker-registry",
            List.of(binary.toString(), "serve", runDir.resolve("config.yml").toString()),
            runDir.resolve("registry.log"));
    if (!awaitReady(Duration.ofSeconds(20))) {
      throw new IOException("docker-registry did not restart:\n" + process.logTail(20));
    }
  }

  /** Pushes files as a Flux-style artifact (one tar.gz layer of Flux's content media type). */
  public PushedArtifact pushArtifact(String repository, String tag, Map<String, String> files) {
    return push(repository, tag, ArtifactPush.FLUX_CONTENT, TarGz.of(files), Map.of());
  }

  /**
   * Pushes one layer of {@code mediaType} with Flux's config media type, manifest annotations
   * {@code annotations}, and tags it (tag may be null: pushed by digest only).
   */
  public PushedArtifact push(
      String repository,
      String tag,
      String mediaType,
      byte[] layer,
      Map<String, String> annotations) {
    return new ArtifactPush(this, client()).push(repository, tag, mediaType, layer, annotations);
  }

  /**
   * Pushes an OCI image index (multi-platform) under {@code tag} (may be null: by digest only)
   * whose entries, in order, point at manifests already pushed to {@code repository}. Returns the
   * index's digest ({@code layerDigest} null).
   */
  public PushedArtifact pushIndex(String repository, String tag, List<IndexEntry> entries) {
    return new ArtifactPush(this, client()).pushIndex(repository, tag, entries);
  }

  /**
   * One entry of {@link #pushIndex}: a pushed manifest and its platform {@code os/arch[/variant]},
   * e.g. {@code linux/arm64/v8}; null for an entry without a platform.
   */
  public record IndexEntry(String platform, PushedArtifact manifest) {}

  /** The Authorization header a pusher uses (basic, a minted all-access token, or null). */
  String pushAuthorization(String repository) {
    if (options.basicUser != null) {
      return "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  (options.basicUser + ":" + options.basicPassword)
                      .getBytes(StandardCharsets.UTF_8));
    }
    if (tokens != null) {
      return "Bearer "
          + tokens.token("fixture", List.of("repository:" + repository + ":pull,push"));
    }
    return null;
  }

  /** A JDK HTTP client trusting this registry's CA (for hand-made requests in tests). */
  public HttpClient client() {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (options.authority != null) {
      b.sslContext(sslContext());
    }
    return b.build();
  }

  private SSLContext sslContext() {
    if (!options.requireClientCertificates) {
      return IssuedCertificate.trusting(options.authority.certificatePem());
    }
    try {
      IssuedCertificate fixtureClient = options.authority.issueClient("oci-registry-fixture", null);
      javax.net.ssl.KeyManagerFactory kmf =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(fixtureClient.keyStore(new char[0]), new char[0]);
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", options.authority.certificate());
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the registry and the token service and deletes the storage. */
  @Override
  public void close() {
    stop();
    if (tokens != null) {
      tokens.close();
    }
    try (Stream<Path> walk = Files.walk(runDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** Configures an {@link OciRegistry}. */
  public static final class Builder {
    private String basicUser;
    private String basicPassword;
    private String tokenUser;
    private String tokenPassword;
    private CertificateAuthority authority;
    private boolean requireClientCertificates;

    private Builder() {}

    /** HTTP basic auth with one user (htpasswd, bcrypt). Exclusive with {@link #tokenAuth}. */
    public Builder basicAuth(String username, String password) {
      this.basicUser = Objects.requireNonNull(username);
      this.basicPassword = Objects.requireNonNull(password);
      return this;
    }

    /**
     * Token auth: the registry sends {@code WWW-Authenticate: Bearer realm=...} and an in-process
     * token service issues signed JWTs to this user.
     */
    public Builder tokenAuth(String username, String password) {
      this.tokenUser = Objects.requireNonNull(username);
      this.tokenPassword = Objects.requireNonNull(password);
      return this;
    }

    /** HTTPS with a server certificate for 127.0.0.1 issued by {@code authority}. */
    public Builder tls(CertificateAuthority authority) {
      this.authority = Objects.requireNonNull(authority);
      return this;
    }

    /** With {@link #tls}: require client certificates issued by the same authority (mTLS). */
    public Builder requireClientCertificates() {
      this.requireClientCertificates = true;
      return this;
    }

    /** Starts the registry; fails when the binary is missing or it does not come up. */
    public OciRegistry start() {
      if (basicUser != null && tokenUser != null) {
        throw new IllegalStateException("basicAuth and tokenAuth are exclusive");
      }
      try {
        OciRegistry r = new OciRegistry(this);
        r.launch();
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
