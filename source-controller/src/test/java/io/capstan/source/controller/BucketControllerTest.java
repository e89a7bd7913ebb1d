package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.Bucket;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.source.SourceController;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.s3.S3Request;
import io.capstan.testing.s3.S3Server;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Bucket controller (through {@link SourceController}) against the real API server and a
 * real S3 server (s3proxy, toolkit-testing's {@link S3Server}), driven as a user would: YAML in,
 * status and artifacts out.
 */
@WithKubernetes
class BucketControllerTest {

  static final long SIZE_LIMIT = 256 * 1024;

  @RegisterExtension
  static final S3Server S3 = S3Server.builder().credentials("capstan-ak", "capstan-sk").build();

  @TempDir static Path root;
  static SourceHarness<Bucket> harness;
  static KubernetesClient admin;
  static int buckets;

  @BeforeAll
  static void start(KubernetesClient client) throws Exception {
    harness =
        new SourceHarness<>(
            client,
            Files.createDirectories(root.resolve("storage")),
            Bucket.class,
            Duration.ofSeconds(45),
            b -> b.bucketObjectSizeLimit(SIZE_LIMIT)) {};
    admin = harness.admin;
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  static synchronized String newBucket() {
    String name = "bucket-" + (++buckets);
    S3.createBucket(name);
    return name;
  }

  @Test
  @DisplayName(
      "first sync stores every object under Flux's revision and path; no-change reconciles"
          + " download nothing; a new object gives a new revision")
  void firstSyncNoChangeAndNewObject(KubeNamespace ns) throws Exception {
    String b = newBucket();
    Map<String, String> etags = new TreeMap<>();
    etags.put("deploy/app.yaml", S3.putObject(b, "deploy/app.yaml", "kind: ConfigMap\n"));
    etags.put("README.md", S3.putObject(b, "README.md", "hello\n"));
    credentials(ns.name());
    apply(ns.name(), bucketYaml("first", b, "2s", ""));

    Bucket ready = awaitReady(ns.name(), "first");
    Artifact artifact = ready.getStatus().getArtifact();
    String revision = fluxRevision(etags);
    assertThat(artifact.getRevision()).isEqualTo(revision);
    assertThat(artifact.getPath())
        .isEqualTo("bucket/" + ns.name() + "/first/" + revision.substring(7) + ".tar.gz");
    assertThat(files(artifact))
        .containsOnly(
            Map.entry("deploy/app.yaml", "kind: ConfigMap\n"), Map.entry("README.md", "hello\n"));
    // status.url: Flux's stable latest.tar.gz link; artifact.url stays versioned.
    String latest =
        artifact.getUrl().substring(0, artifact.getUrl().lastIndexOf('/') + 1) + "latest.tar.gz";
    assertThat(ready.getStatus().getUrl()).isEqualTo(latest);
    assertThat(servedThroughLatest(ready)).isEqualTo(files(artifact));

    // No change: listings continue, no object is downloaded (only .sourceignore is probed).
    long listings = S3.requests().count(r -> r.isListing() && r.path().equals("/" + b));
    long downloads = objectGets(b);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                S3.requests().count(r -> r.isListing() && r.path().equals("/" + b))
                    >= listings + 2);
    assertThat(objectGets(b)).as("object GETs for an unchanged bucket").isEqualTo(downloads);
    Bucket still = get(ns.name(), "first");
    assertThat(still.getStatus().getArtifact().getDigest()).isEqualTo(artifact.getDigest());
    contract(still);

    etags.put("deploy/extra.yaml", S3.putObject(b, "deploy/extra.yaml", "kind: Secret\n"));
    Bucket updated =
        awaitStatus(
            ns.name(),
            "first",
            r -> ready(r) && r.getStatus().getArtifact().getRevision().equals(fluxRevision(etags)));
    contract(updated);
    assertThat(files(updated.getStatus().getArtifact()))
        .containsEntry("deploy/extra.yaml", "kind: Secret\n");
    assertThat(updated.getStatus().getUrl()).isEqualTo(latest);
    assertThat(servedThroughLatest(updated)).containsEntry("deploy/extra.yaml", "kind: Secret\n");
  }

  /** The files served at status.url, which must be exactly the artifact in status (digest). */
  static Map<String, String> servedThroughLatest(Bucket bucket) throws Exception {
    Artifact a = bucket.getStatus().getArtifact();
    Artifact viaLink = new Artifact();
    viaLink.setUrl(bucket.getStatus().getUrl());
    viaLink.setDigest(a.getDigest());
    viaLink.setSize(a.getSize());
    return files(viaLink);
  }

  @Test
  @DisplayName(
      "prefix limits the objects; .sourceignore in the bucket and spec.ignore exclude keys")
  void prefixAndIgnore(KubeNamespace ns) throws Exception {
    String b = newBucket();
    S3.putObject(b, "apps/a.yaml", "a");
    S3.putObject(b, "apps/secret.enc", "x");
    S3.putObject(b, "apps/tmp/scratch.yaml", "t");
    S3.putObject(b, "other/b.yaml", "b");
    S3.putObject(b, ".sourceignore", "*.enc\n");
    credentials(ns.name());
    apply(
        ns.name(),
        bucketYaml("filtered", b, "1h", "  prefix: apps/\n  ignore: |\n    apps/tmp/\n"));
    Bucket ready = awaitReady(ns.name(), "filtered");
    assertThat(files(ready.getStatus().getArtifact()))
        .containsOnlyKeys(".sourceignore", "apps/a.yaml");
    assertThat(ready.getStatus().getObservedIgnore()).isEqualTo("apps/tmp/\n");
  }

  @Test
  @DisplayName(
      "a wrong secret key fails with BucketOperationFailed, a missing Secret with AuthenticationFailed")
  void authFailures(KubeNamespace ns) {
    String b = newBucket();
    S3.putObject(b, "a.yaml", "a");
    secret(ns.name(), "wrong", Map.of("accesskey", "capstan-ak", "secretkey", "not-the-key"));
    apply(ns.name(), bucketYaml("wrongkey", b, "1h", "").replace("name: s3-creds", "name: wrong"));
    Bucket wrong =
        awaitStatus(
            ns.name(),
            "wrongkey",
            r -> has(r, "FetchFailed", Condition.Status.True, "BucketOperationFailed"));
    assertThat(condition(wrong, "Ready").orElseThrow().getStatus())
        .isEqualTo(Condition.Status.False);
    assertThat(condition(wrong, "Ready").orElseThrow().getMessage())
        .contains("failed to confirm existence of '" + b + "' bucket: S3 error 403")
        .doesNotContain("not-the-key");
    contract(wrong);

    apply(ns.name(), bucketYaml("nosecret", b, "1h", "").replace("name: s3-creds", "name: absent"));
    Bucket missing =
        awaitStatus(
            ns.name(),
            "nosecret",
            r -> has(r, "Ready", Condition.Status.False, "AuthenticationFailed"));
    assertThat(condition(missing, "Ready").orElseThrow().getMessage())
        .isEqualTo("failed to get secret '" + ns.name() + "/absent': secrets \"absent\" not found");
    contract(missing);
  }

  @Test
  @DisplayName("a bucket server that goes down keeps the last artifact; it recovers when back")
  void serverDown(KubeNamespace ns) throws Exception {
    String b = newBucket();
    S3.putObject(b, "a.yaml", "a");
    credentials(ns.name());
    // A second S3 server of our own, so that pausing it does not disturb other tests.
    try (S3Server own = S3Server.builder().credentials("capstan-ak", "capstan-sk").start()) {
      own.createBucket("down");
      own.putObject("down", "a.yaml", "a");
      apply(ns.name(), bucketYaml("down", "down", "2s", "").replace(S3.endpoint(), own.endpoint()));
      Artifact good = awaitReady(ns.name(), "down").getStatus().getArtifact();
      own.pause();
      Bucket failing =
          awaitStatus(
              ns.name(),
              "down",
              r -> has(r, "FetchFailed", Condition.Status.True, "BucketOperationFailed"));
      assertThat(failing.getStatus().getArtifact().getDigest()).isEqualTo(good.getDigest());
      assertThat(has(failing, "Ready", Condition.Status.False, "BucketOperationFailed")).isTrue();
      assertThat(files(failing.getStatus().getArtifact())).containsEntry("a.yaml", "a");
      contract(failing);
      own.resume();
      Bucket back = awaitStatus(ns.name(), "down", BucketControllerTest::ready);
      assertThat(back.getStatus().getArtifact().getDigest()).isEqualTo(good.getDigest());
    }
  }

  @Test
  @DisplayName(
      "an object key with '..' segments or an object over the size limit fails the fetch and keeps the artifact")
  void sizeLimit(KubeNamespace ns) throws Exception {
    String b = newBucket();
    S3.putObject(b, "ok.yaml", "ok");
    credentials(ns.name());
    apply(ns.name(), bucketYaml("unsafe", b, "2s", ""));
    Artifact good = awaitReady(ns.name(), "unsafe").getStatus().getArtifact();

    S3.putObject(b, "big.bin", new byte[(int) SIZE_LIMIT + 1]);
    Bucket big =
        awaitStatus(
            ns.name(),
            "unsafe",
            r -> has(r, "FetchFailed", Condition.Status.True, "BucketOperationFailed"));
    assertThat(condition(big, "FetchFailed").orElseThrow().getMessage())
        .contains("object 'big.bin' is larger than the size limit of " + SIZE_LIMIT + " bytes");
    assertThat(big.getStatus().getArtifact().getDigest()).isEqualTo(good.getDigest());
    contract(big);
    S3.deleteObject(b, "big.bin");
    awaitStatus(ns.name(), "unsafe", BucketControllerTest::ready);

    // Keys with '..' segments: s3proxy refuses to store them (real S3 does not), so the key check
    // is tested against a listing that contains one in BucketFetchTest.
  }

  @Test
  @DisplayName("suspend stops fetching; deletion removes the artifacts from storage")
  void suspendAndDelete(KubeNamespace ns) throws Exception {
    String b = newBucket();
    S3.putObject(b, "a.yaml", "1");
    credentials(ns.name());
    apply(ns.name(), bucketYaml("paused", b, "1s", ""));
    Bucket ready = awaitReady(ns.name(), "paused");
    edit(
        ns.name(),
        "paused",
        x -> {
          x.getSpec().setSuspend(true);
          return x;
        });
    Thread.sleep(1500);
    S3.putObject(b, "a.yaml", "2");
    Thread.sleep(4000);
    assertThat(get(ns.name(), "paused").getStatus().getArtifact().getRevision())
        .isEqualTo(ready.getStatus().getArtifact().getRevision());
    edit(
        ns.name(),
        "paused",
        x -> {
          x.getSpec().setSuspend(false);
          return x;
        });
    Bucket resumed =
        awaitStatus(
            ns.name(),
            "paused",
            r ->
                ready(r)
                    && !r.getStatus()
                        .getArtifact()
                        .getRevision()
                        .equals(ready.getStatus().getArtifact().getRevision()));
    assertThat(files(resumed.getStatus().getArtifact())).containsEntry("a.yaml", "2");

    Path dir = root.resolve("storage").resolve("bucket").resolve(ns.name()).resolve("paused");
    assertThat(dir).isDirectory();
    admin.resources(Bucket.class).inNamespace(ns.name()).withName("paused").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(ns.name(), "paused") == null);
    assertThat(dir).doesNotExist();
  }

  @Test
  @DisplayName("HTTPS: trusted through certSecretRef's ca.crt, refused without it")
  void httpsWithCertSecret(KubeNamespace ns) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("bucket-test-ca");
    try (S3Server tls =
        S3Server.builder().credentials("capstan-ak", "capstan-sk").https(ca).start()) {
      tls.createBucket("secure");
      tls.putObject("secure", "a.yaml", "tls");
      credentials(ns.name());
      secret(ns.name(), "s3-ca", Map.of("ca.crt", ca.certificatePem()));
      String yaml =
          bucketYaml("secure", "secure", "1h", "  certSecretRef:\n    name: s3-ca\n")
              .replace(S3.endpoint(), tls.endpoint())
              .replace("  insecure: true\n", "");
      apply(ns.name(), yaml);
      Bucket ready = awaitReady(ns.name(), "secure");
      assertThat(files(ready.getStatus().getArtifact())).containsEntry("a.yaml", "tls");

      apply(
          ns.name(),
          yaml.replace("name: secure\n", "name: untrusted\n")
              .replace("  certSecretRef:\n    name: s3-ca\n", "")
              .replace("bucketName: untrusted", "bucketName: secure"));
      Bucket untrusted =
          awaitStatus(
              ns.name(),
              "untrusted",
              r -> has(r, "FetchFailed", Condition.Status.True, "BucketOperationFailed"));
      assertThat(condition(untrusted, "FetchFailed").orElseThrow().getMessage())
          .startsWith("failed to confirm existence of 'secure' bucket:")
          .containsIgnoringCase("certification path");
      contract(untrusted);
    }
  }

  @Test
  @DisplayName("proxySecretRef: an unresolvable endpoint is reached through the HTTP proxy")
  void proxy(KubeNamespace ns) throws Exception {
    String b = newBucket();
    S3.putObject(b, "a.yaml", "proxied");
    credentials(ns.name());
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    int s3Port = Integer.parseInt(S3.endpoint().substring(S3.endpoint().lastIndexOf(':') + 1));
    try (java.net.ServerSocket proxy =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> forwardAll(proxy, s3Port, seen), "test-proxy");
      accept.setDaemon(true);
      accept.start();
      secret(ns.name(), "proxy", Map.of("address", "http://127.0.0.1:" + proxy.getLocalPort()));
      apply(
          ns.name(),
          bucketYaml("proxied", b, "1h", "  proxySecretRef:\n    name: proxy\n")
              .replace(S3.endpoint(), "s3.capstan.invalid:" + s3Port));
      Bucket ready = awaitReady(ns.name(), "proxied");
      assertThat(files(ready.getStatus().getArtifact())).containsEntry("a.yaml", "proxied");
      assertThat(seen).anyMatch(line -> line.contains("http://s3.capstan.invalid:" + s3Port + "/"));
    }
  }

  /**
   * A minimal forward proxy: each connection is piped to the S3 endpoint as it is (s3proxy's Jetty
   * accepts absolute-form request targets); the first request line of each is recorded.
   */
  private static void forwardAll(java.net.ServerSocket proxy, int port, List<String> seen) {
    while (!proxy.isClosed()) {
      try {
        java.net.Socket client = proxy.accept();
        java.net.Socket upstream =
            new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
        java.io.InputStream in = client.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
          line.append((char) c);
        }
        seen.add(line.toString().trim());
        upstream.getOutputStream().write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        pipe(in, upstream.getOutputStream(), upstream);
        pipe(upstream.getInputStream(), client.getOutputStream(), client);
      } catch (java.io.IOException e) {
        return;
      }
    }
  }

  private static void pipe(java.io.InputStream in, java.io.OutputStream out, java.net.Socket end) {
    Thread t =
        new Thread(
            () -> {
              try (end) {
                in.transferTo(out);
              } catch (java.io.IOException e) {
                // connection over
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @Test
  @DisplayName(
      "provider aws without secretRef uses the SDK's default credential chain (system properties"
          + " here); generic without secretRef is anonymous and refused")
  void awsDefaultChain(KubeNamespace ns) throws Exception {
    String b = newBucket();
    S3.putObject(b, "a.yaml", "chain");
    String noSecret = "  secretRef:\n    name: s3-creds\n";
    System.setProperty("aws.accessKeyId", S3.accessKey());
    System.setProperty("aws.secretAccessKey", S3.secretKey());
    try {
      apply(
          ns.name(),
          bucketYaml("chain", b, "1h", "")
              .replace(noSecret, "")
              .replace("provider: generic", "provider: aws"));
      Bucket ready = awaitReady(ns.name(), "chain");
      assertThat(files(ready.getStatus().getArtifact())).containsEntry("a.yaml", "chain");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
    apply(ns.name(), bucketYaml("anonymous", b, "1h", "").replace(noSecret, ""));
    Bucket anonymous =
        awaitStatus(
            ns.name(),
            "anonymous",
            r -> has(r, "FetchFailed", Condition.Status.True, "BucketOperationFailed"));
    assertThat(condition(anonymous, "FetchFailed").orElseThrow().getMessage())
        .startsWith("failed to confirm existence of '" + b + "' bucket: S3 error 403");
    contract(anonymous);
  }

  @Test
  @DisplayName("gcp/azure providers and spec.sts stall with a clear 'not supported yet'")
  void unsupported(KubeNamespace ns) {
    String b = newBucket();
    apply(ns.name(), bucketYaml("gcs", b, "1h", "").replace("provider: generic", "provider: gcp"));
    Bucket gcs =
        awaitStatus(
            ns.name(),
            "gcs",
            r -> has(r, "Stalled", Condition.Status.True, "InvalidProviderConfiguration"));
    assertThat(condition(gcs, "Ready").orElseThrow().getMessage())
        .isEqualTo("provider 'gcp' is not supported yet (supported: generic, aws)");
    contract(gcs);
    apply(
        ns.name(),
        bucketYaml(
            "sts", b, "1h", "  sts:\n    provider: ldap\n    endpoint: https://sts.example.com\n"));
    Bucket sts =
        awaitStatus(
            ns.name(),
            "sts",
            r -> has(r, "Stalled", Condition.Status.True, "InvalidSTSConfiguration"));
    assertThat(condition(sts, "Ready").orElseThrow().getMessage())
        .isEqualTo("spec.sts is not supported yet");
    contract(sts);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Flux's revision computed independently: sha256 over sorted "key etag\n" lines. */
  static String fluxRevision(Map<String, String> etags) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    new TreeMap<>(etags)
        .forEach((k, v) -> sha.update((k + " " + v + "\n").getBytes(StandardCharsets.UTF_8)));
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  static long objectGets(String bucket) {
    return S3.requests().objectGets().stream()
        .map(S3Request::path)
        .filter(p -> p.startsWith("/" + bucket + "/") && !p.endsWith("/.sourceignore"))
        .count();
  }

  static String bucketYaml(String name, String bucket, String interval, String extra) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\n"
        + "kind: Bucket\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + "  provider: generic\n"
        + "  bucketName: "
        + bucket
        + "\n"
        + "  endpoint: "
        + S3.endpoint()
        + "\n"
        + "  insecure: true\n"
        + "  interval: "
        + interval
        + "\n"
        + "  timeout: 10s\n"
        + "  secretRef:\n"
        + "    name: s3-creds\n"
        + extra;
  }

  static void credentials(String ns) {
    secret(ns, "s3-creds", Map.of("accesskey", S3.accessKey(), "secretkey", S3.secretKey()));
  }

  static void secret(String ns, String name, Map<String, String> data) {
    harness.secret(ns, name, data);
  }

  static Bucket apply(String ns, String yaml) {
    return harness.apply(Bucket.class, ns, yaml);
  }

  static Bucket get(String ns, String name) {
    return harness.get(ns, name);
  }

  static void edit(String ns, String name, UnaryOperator<Bucket> f) {
    harness.edit(ns, name, f);
  }

  static Bucket awaitStatus(String ns, String name, Predicate<Bucket> condition) {
    return harness.awaitStatus(ns, name, condition);
  }

  static Bucket awaitReady(String ns, String name) {
    Bucket b = awaitStatus(ns, name, BucketControllerTest::ready);
    contract(b);
    return b;
  }

  static Optional<Condition> condition(Bucket b, String type) {
    return StatusContract.condition(b, type);
  }

  static boolean has(Bucket b, String type, Condition.Status status, String reason) {
    return StatusContract.has(b, type, status, reason);
  }

  static boolean ready(Bucket b) {
    return has(b, "Ready", Condition.Status.True, "Succeeded")
        && b.getMetadata().getGeneration().equals(b.getStatus().getObservedGeneration());
  }

  /** Ready ⇒ observed generation and Flux's message; reasons documented; kstatus exclusivity. */
  static void contract(Bucket b) {
    List<Condition> conditions =
        b.getStatus() == null || b.getStatus().getConditions() == null
            ? List.of()
            : b.getStatus().getConditions();
    for (Condition c : conditions) {
      assertThat(BucketConditions.REASONS).as("reason of %s", c.getType()).contains(c.getReason());
    }
    boolean reconciling = has(b, "Reconciling", Condition.Status.True, null);
    boolean stalled = has(b, "Stalled", Condition.Status.True, null);
    assertThat(reconciling && stalled).isFalse();
    if (has(b, "Ready", Condition.Status.True, null)) {
      assertThat(b.getStatus().getObservedGeneration()).isEqualTo(b.getMetadata().getGeneration());
      assertThat(reconciling || stalled).isFalse();
      assertThat(condition(b, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "stored artifact: revision '" + b.getStatus().getArtifact().getRevision() + "'");
    }
    if (stalled) {
      assertThat(has(b, "Ready", Condition.Status.False, null)).isTrue();
    }
  }

  static Map<String, String> files(Artifact artifact) throws Exception {
    return harness.files(artifact);
  }
}
