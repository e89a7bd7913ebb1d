package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official-release download path against a local HTTP server laid out like dl.k8s.io and the
 * etcd / kwok GitHub releases: verified binaries land in the cache; a tampered checksum is refused
 * and only that binary falls back to the Go build.
 */
@EnabledOnOs(OS.LINUX)
class ReleaseDownloadTest {

  private static final KubeBinaryVersions VERSIONS =
      new KubeBinaryVersions("1.36.3", "3.6.8", "0.8.0", "abcdef012345");
  private static final Set<KubeBinary> API_SERVER =
      EnumSet.of(KubeBinary.ETCD, KubeBinary.KUBE_APISERVER);

  @TempDir Path tmp;
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;
  private String arch;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().getPath());
          byte[] body = files.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI base(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static byte[] script(String name) {
    return ("#!/bin/sh\necho release-" + name + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** Publishes all five binaries, each with the checksum file its project publishes. */
  private void publishAll() throws Exception {
    for (KubeBinary binary :
        List.of(
            KubeBinary.KUBE_APISERVER,
            KubeBinary.KUBE_CONTROLLER_MANAGER,
            KubeBinary.KUBE_SCHEDULER)) {
      String path = "/release/v1.36.3/bin/linux/" + arch + "/" + binary.fileName();
      byte[] body = script(binary.fileName());
      files.put(path, body);
      files.put(path + ".sha256", sha256(body).getBytes(StandardCharsets.UTF_8));
    }
    String dir = "etcd-v3.6.8-linux-" + arch;
    byte[] tarball = tarGz(dir, Map.of("README.md", "etcd".getBytes(), "etcd", script("etcd")));
    files.put("/etcd/v3.6.8/" + dir + ".tar.gz", tarball);
    files.put(
        "/etcd/v3.6.8/SHA256SUMS",
        (sha256("other".getBytes())
                + "  etcd-v3.6.8-darwin-arm64.zip\n"
                + sha256(tarball)
                + "  "
                + dir
                + ".tar.gz\n")
            .getBytes(StandardCharsets.UTF_8));
    byte[] kwok = script("kwok");
    files.put("/kwok/v0.8.0/kwok-linux-" + arch, kwok);
    files.put(
        "/kwok/v0.8.0/checksums.txt",
        (sha256(kwok) + "  kwok-linux-" + arch + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] tarGz(String dir, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(dir + "/" + e.getKey());
        entry.setSize(e.getValue().length);
        entry.setMode(0755);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private KubeBinaryProvisioner provisioner(ReleaseSources sources, Optional<Path> go) {
    return new KubeBinaryProvisioner(
        new KubeBinaryProvisioner.Settings(
            Optional.empty(),
            tmp.resolve("cache"),
            Optional.of(sources),
            Optional.empty(),
            go,
            VERSIONS,
            progress::add));
  }

  private ReleaseSources localSources(Optional<String> kwokDigest) {
    return new ReleaseSources(
        base("/release/"), base("/etcd"), base("/kwok"), kwokDigest, Duration.ofSeconds(30));
  }

  /** A stand-in for {@code go build}: logs its arguments, writes each requested binary. */
  private Path fakeGo() throws IOException {
    Path calls = tmp.resolve("go-calls");
    Path go = tmp.resolve("bin/go");
    Files.createDirectories(go.getParent());
    Files.writeString(
        go,
        "#!/bin/sh\n"
            + "echo \"$@\" >> '"
            + calls
            + "'\n"
            + "out=''; prev=''\n"
            + "for a in \"$@\"; do [ \"$prev\" = '-o' ] && out=\"$a\"; prev=\"$a\"; done\n"
            + "for a in \"$@\"; do case \"$a\" in\n"
            + "  */cmd/*) b=$(basename \"$a\"); printf '#!/bin/sh\\necho built-%s\\n' \"$b\" >"
            + " \"$out/$b\"; chmod +x \"$out/$b\"; echo \"$a\";;\n"
            + "esac; done\n");
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
    return go;
  }

  private List<String> goCalls() throws IOException {
    Path calls = tmp.resolve("go-calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private static String content(KubeBinaries binaries, KubeBinary binary) throws IOException {
    return Files.readString(binaries.path(binary));
  }

  @Test
  @DisplayName("all five official binaries are downloaded, verified and cached; go is not run")
  void downloadsEveryBinaryVerified() throws Exception {
    publishAll();
    KubeBinaryProvisioner provisioner =
        provisioner(localSources(Optional.empty()), Optional.of(fakeGo()));

    KubeBinaries binaries = provisioner.provision(EnumSet.allOf(KubeBinary.class));

    for (KubeBinary binary : KubeBinary.values()) {
      assertThat(binaries.path(binary))
          .isEqualTo(provisioner.cacheDirectory().resolve(binary.fileName()))
          .isExecutable();
      assertThat(content(binaries, binary)).contains("release-" + binary.fileName());
    }
    assertThat(goCalls()).isEmpty();
    assertThat(requests)
        .contains(
            "/release/v1.36.3/bin/linux/" + arch + "/kube-apiserver.sha256",
            "/etcd/v3.6.8/SHA256SUMS",
            "/kwok/v0.8.0/checksums.txt");
    try (var left = Files.list(provisioner.cacheDirectory())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");
    }
    // Cached: a second provisioning makes no request.
    requests.clear();
    provisioner.provision(EnumSet.allOf(KubeBinary.class));
    assertThat(requests).isEmpty();
  }

  @Test
  @DisplayName("a tampered kube-apiserver checksum is refused and only that binary is built")
  void tamperedChecksumIsRefusedThenBuilt() throws Exception {
    publishAll();
    files.put(
        "/release/v1.36.3/bin/linux/" + arch + "/kube-apiserver.sha256",
        sha256("something else".getBytes()).getBytes(StandardCharsets.UTF_8));
    KubeBinaryProvisioner provisioner =
        provisioner(localSources(Optional.empty()), Optional.of(fakeGo()));

    KubeBinaries binaries = provisioner.provision(API_SERVER);

    assertThat(content(binaries, KubeBinary.ETCD)).contains("release-etcd");
    assertThat(content(binaries, KubeBinary.KUBE_APISERVER)).contains("built-kube-apiserver");
    assertThat(goCalls()).hasSize(1);
    assertThat(goCalls().get(0))
        .endsWith(" k8s.io/kubernetes/cmd/kube-apiserver")
        .doesNotContain("./cmd/etcd", "kwok", "kube-scheduler");
    assertThat(progress)
        .anyMatch(l -> l.contains("checksum mismatch") && l.contains("refused"))
        .anyMatch(l -> l.contains("building [kube-apiserver]"));
    try (var left = Files.list(provisioner.cacheDirectory())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("etcd", "kube-apiserver");
    }
  }

  @Test
  @DisplayName("a tampered etcd archive is refused (SHA256SUMS mismatch) and etcd is built")
  void tamperedEtcdArchiveIsRefused() throws Exception {
    publishAll();
    String dir = "etcd-v3.6.8-linux-" + arch;
    files.put(
        "/etcd/v3.6.8/" + dir + ".tar.gz",
        tarGz(dir, Map.of("etcd", "#!/bin/sh\necho evil\n".getBytes())));
    KubeBinaryProvisioner provisioner =
        provisioner(localSources(Optional.empty()), Optional.of(fakeGo()));

    KubeBinaries binaries = provisioner.provision(API_SERVER);

    assertThat(content(binaries, KubeBinary.ETCD)).contains("built-etcd").doesNotContain("evil");
    assertThat(content(binaries, KubeBinary.KUBE_APISERVER)).contains("release-kube-apiserver");
    assertThat(goCalls()).singleElement().asString().endsWith(" ./cmd/etcd");
  }

  @Test
  @DisplayName(
      "kwok without a published checksum is never run unverified; a pinned digest allows it")
  void kwokNeedsAChecksum() throws Exception {
    publishAll();
    byte[] kwok = files.get("/kwok/v0.8.0/kwok-linux-" + arch);
    files.remove("/kwok/v0.8.0/checksums.txt");
    Set<KubeBinary> kwokOnly = EnumSet.of(KubeBinary.KWOK);

    KubeBinaries built =
        provisioner(localSources(Optional.empty()), Optional.of(fakeGo())).provision(kwokOnly);
    assertThat(content(built, KubeBinary.KWOK)).contains("built-kwok");
    assertThat(progress).anyMatch(l -> l.contains("no checksum to verify it against"));

    Files.delete(built.path(KubeBinary.KWOK));
    KubeBinaries pinned =
        provisioner(localSources(Optional.of(sha256(kwok))), Optional.of(fakeGo()))
            .provision(kwokOnly);
    assertThat(content(pinned, KubeBinary.KWOK)).contains("release-kwok");
    assertThat(goCalls()).hasSize(1);
  }

  @Test
  @DisplayName("an unreachable download server falls back to the Go build at once")
  void unreachableServerFallsBackToGo() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
    ReleaseSources sources =
        new ReleaseSources(nowhere, nowhere, nowhere, Optional.empty(), Duration.ofSeconds(30));
    long start = System.nanoTime();

    KubeBinaries binaries = provisioner(sources, Optional.of(fakeGo())).provision(API_SERVER);

    assertThat(content(binaries, KubeBinary.ETCD)).contains("built-etcd");
    assertThat(content(binaries, KubeBinary.KUBE_APISERVER)).contains("built-kube-apiserver");
    assertThat(goCalls())
        .singleElement()
        .asString()
        .contains("./cmd/etcd", "kube-apiserver")
        .doesNotContain("kwok", "kube-scheduler", "kube-controller-manager");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("the checksum listings are read the way sha256sum writes them")
  void parsesChecksumListings() throws Exception {
    String digest = sha256("x".getBytes());
    assertThat(ReleaseDownload.parseBareDigest(digest + "\n", "a")).isEqualTo(digest);
    assertThat(ReleaseDownload.parseBareDigest(digest + "  kube-apiserver\n", "a"))
        .isEqualTo(digest);
    assertThat(
            ReleaseDownload.digestFromSums(
                "0000  other\n" + digest + " *etcd-v3.6.8-linux-amd64.tar.gz\n",
                "etcd-v3.6.8-linux-amd64.tar.gz",
                "SHA256SUMS"))
        .isEqualTo(digest);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReleaseDownload.parseBareDigest("<html>not found</html>", "u"))
        .hasMessageContaining("no SHA-256 digest");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReleaseDownload.digestFromSums(digest + "  other.tar.gz", "etcd.tar.gz", "S"))
        .hasMessageContaining("lists no SHA-256 for etcd.tar.gz");
  }

  @Test
  @DisplayName("the Kubernetes URL follows dl.k8s.io's layout")
  void kubernetesLayout() {
    ReleaseDownload download =
        new ReleaseDownload(
            ReleaseSources.official(Duration.ofSeconds(1)), VERSIONS, "linux", "amd64", l -> {});
    assertThat(download.kubernetesUrl(KubeBinary.KUBE_APISERVER))
        .hasToString("https://dl.k8s.io/release/v1.36.3/bin/linux/amd64/kube-apiserver");
  }
}
