package io.capstan.testing.s3;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A real S3 server for tests: <a href="https://github.com/gaul/s3proxy">s3proxy</a> with its
 * in-memory ({@code transient}) blob store, run as a child JVM from its self-contained jar (its
 * Jetty 12.1, Jackson 3 and cloud SDKs cannot share a classpath with ours), listening on 127.0.0.1
 * behind an in-process relay that is the public endpoint: the relay records every request in an
 * {@link S3RequestLog}, optionally terminates TLS with a certificate from a test {@link
 * CertificateAuthority}, and can be {@linkplain #pause() paused} to simulate an outage.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3Server S3 = S3Server.builder().credentials("AKID", "SECRET").build();
 *
 * S3.createBucket("manifests");
 * S3.putObject("manifests", "deploy/app.yaml", "kind: ConfigMap ...");
 * String endpoint = S3.endpoint();           // 127.0.0.1:PORT (Flux's Bucket spec.endpoint)
 * S3.requests().objectGets();                // what the code under test downloaded
 * }</pre>
 *
 * <p>Used as a JUnit 5 extension ({@code @RegisterExtension} on a static field) it starts before
 * the class's tests and stops after them; otherwise call {@link #start()} and {@link #close()}.
 * Authentication is AWS Signature V2 or V4 with the configured keys. The s3proxy jar is found at
 * the system property {@value #JAR_PROPERTY}, else {@code target/s3proxy/s3proxy.jar} (the module
 * copies it there with {@code maven-dependency-plugin:copy}, see the README), else in the local
 * Maven repository.
 */
public final class S3Server implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  /** The s3proxy version this fixture is tested with. */
  public static final String S3PROXY_VERSION = "4.1.0";

  /** System property naming the s3proxy jar-with-dependencies to run. */
  public static final String JAR_PROPERTY = "capstan.s3proxy.jar";

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final String accessKey;
  private final String secretKey;
  private final CertificateAuthority authority;
  private final String region;
  private final S3RequestLog log = new S3RequestLog();
  private Path workDir;
  private Process process;
  private int backendPort;
  private LoggingRelay relay;
  private S3Client seeder;

  private S3Server(Builder b) {
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.authority = b.authority;
    this.region = b.region;
  }

  /** Options for a new server (defaults: keys {@code capstan}/{@code capstan-secret}, HTTP). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link S3Server}. */
  public static final class Builder {
    private String accessKey = "capstan";
    private String secretKey = "capstan-secret";
    private CertificateAuthority authority;
    private String region = "us-east-1";

    private Builder() {}

    /** The access key ID and secret access key the server accepts. */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Serves HTTPS with a certificate for 127.0.0.1 issued by {@code authority}. */
    public Builder https(CertificateAuthority authority) {
      this.authority = authority;
      return this;
    }

    /** The region the seeding client signs for (s3proxy accepts any). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The server, not started yet. */
    public S3Server build() {
      return new S3Server(this);
    }

    /** Builds and starts the server. */
    public S3Server start() throws IOException {
      return build().start();
    }
  }

  /** Starts s3proxy and the endpoint; returns once both accept connections. */
  public synchronized S3Server start() throws IOException {
    if (process != null) {
      return this;
    }
    Path jar = locateJar();
    workDir = Files.createTempDirectory("capstan-s3-");
    backendPort = freePort();
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + backendPort,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=transient",
            "jclouds.identity=" + accessKey,
            "jclouds.credential=" + secretKey,
            ""),
        StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("s3proxy.log").toFile());
    process = pb.start();
    Process started = process;
    // A test JVM that ends without close() must not leave s3proxy running.
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "s3proxy-stop"));
    awaitPort(backendPort);
    relay = new LoggingRelay(backendPort, log, serverTls());
    relay.start();
    seeder =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + backendPort))
            .region(Region.of(region))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    return this;
  }

  /** {@code 127.0.0.1:PORT}: the value for a Flux Bucket's {@code spec.endpoint}. */
  public String endpoint() {
    return "127.0.0.1:" + relay.port();
  }

  /** {@code http(s)://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create((authority == null ? "http" : "https") + "://" + endpoint());
  }

  /** The access key ID the server accepts. */
  public String accessKey() {
    return accessKey;
  }

  /** The secret access key the server accepts. */
  public String secretKey() {
    return secretKey;
  }

  /** Every request received through {@link #endpoint()}. */
  public S3RequestLog requests() {
    return log;
  }

  /** Where s3proxy's own log goes (for diagnosing a failed test). */
  public Path serverLog() {
    return workDir.resolve("s3proxy.log");
  }

  /** Creates a bucket (idempotent). */
  public void createBucket(String bucket) {
    if (seeder.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      seeder.createBucket(r -> r.bucket(bucket));
    }
  }

  /** Puts an object; returns its ETag without quotes. */
  public String putObject(String bucket, String key, byte[] content) {
    RuntimeException last = null;
    // The JDK client may reuse a keep-alive connection the server has just closed; retry that.
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        PutObjectResponse response =
            seeder.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return unquote(response.eTag());
      } catch (UncheckedIOException | SdkClientException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Puts a UTF-8 text object; returns its ETag without quotes. */
  public String putObject(String bucket, String key, String content) {
    return putObject(bucket, key, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Puts many objects with {@code parallelism} uploads at once (for large bucket tests). */
  public void putObjects(String bucket, Map<String, byte[]> objects, int parallelism) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<String>> futures = new ArrayList<>();
      objects.forEach((k, v) -> futures.add(pool.submit(() -> putObject(bucket, k, v))));
      for (Future<String> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("seeding bucket '" + bucket + "' failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Deletes an object (no error when it does not exist). */
  public void deleteObject(String bucket, String key) {
    seeder.deleteObject(r -> r.bucket(bucket).key(key));
  }

  /**
   * Simulates an outage: the endpoint stops accepting and drops open connections (connections are
   * refused) until {@link #resume()}, which listens on the same port again.
   */
  public synchronized void pause() {
    relay.close();
  }

  /** Ends a {@link #pause()}. */
  public synchronized void resume() throws IOException {
    if (!relay.running()) {
      relay.start();
    }
  }

  /** Stops the endpoint and s3proxy and deletes the working directory. */
  @Override
  public synchronized void close() {
    if (seeder != null) {
      seeder.close();
      seeder = null;
    }
    if (relay != null) {
      relay.close();
      relay = null;
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (workDir != null) {
      try (Stream<Path> walk = Files.walk(workDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
      workDir = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The s3proxy jar to run; see the class comment for the search order. */
  static Path locateJar() {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty(JAR_PROPERTY);
    if (property != null && !property.isBlank()) {
      candidates.add(Path.of(property));
    }
    candidates.add(Path.of("target", "s3proxy", "s3proxy.jar"));
    String repo = System.getProperty("maven.repo.local");
    Path local =
        repo != null && !repo.isBlank()
            ? Path.of(repo)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    candidates.add(
        local.resolve(
            Path.of(
                "org",
                "gaul",
                "s3proxy",
                S3PROXY_VERSION,
                "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar")));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "s3proxy jar not found (looked at "
            + candidates
            + "): add the maven-dependency-plugin 'copy' execution of"
            + " org.gaul:s3proxy:"
            + S3PROXY_VERSION
            + ":jar:jar-with-dependencies described in toolkit-testing/README.md, or set -D"
            + JAR_PROPERTY);
  }

  private SSLContext serverTls() throws IOException {
    if (authority == null) {
      return null;
    }
    try {
      IssuedCertificate cert = authority.issueLoopbackServer();
      char[] password = "changeit".toCharArray();
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(cert.keyStore(password), password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the S3 endpoint: " + e, e);
    }
  }

  private void awaitPort(int port) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "s3proxy exited with "
                + process.exitValue()
                + ": "
                + tail(workDir.resolve("s3proxy.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for s3proxy", ie);
        }
      }
    }
    close();
    throw new IOException("s3proxy did not listen on port " + port + " within " + STARTUP);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String unquote(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }
}
