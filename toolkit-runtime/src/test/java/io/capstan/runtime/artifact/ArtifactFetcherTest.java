package io.capstan.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.artifact.ScriptedHttpServer.Answer;
import io.capstan.runtime.artifact.UnsafeArchiveException.Violation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactFetcherTest {

  @TempDir Path tmp;
  Path workRoot;
  byte[] archive;
  String digest;
  ScriptedHttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    workRoot = tmp.resolve("work");
    archive =
        new TarballFixture()
            .dir("deploy/")
            .file("deploy/app.yaml", "kind: ConfigMap\n")
            .file("README.md", "hi\n")
            .tarGz();
    digest = sha256(archive);
    server = new ScriptedHttpServer(archive);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  ArtifactFetcher.Builder fetcher() {
    return ArtifactFetcher.builder()
        .retries(3)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .attemptTimeout(Duration.ofSeconds(5))
        .tempRoot(workRoot);
  }

  @Test
  @DisplayName("downloads, verifies and extracts; closing removes every temporary file")
  void happyPath() throws Exception {
    Path root;
    try (FetchedArtifact fetched =
        fetcher().build().fetch(server.url("/gitrepository/ns/app/abc.tar.gz"), digest)) {
      root = fetched.root();
      assertThat(root.resolve("deploy/app.yaml")).hasContent("kind: ConfigMap");
      assertThat(root.resolve("README.md")).hasContent("hi");
      assertThat(fetched.digest().toString()).isEqualTo(digest);
      assertThat(fetched.archiveBytes()).isEqualTo(archive.length);
      assertThat(fetched.extraction().files()).isEqualTo(2);
      try (Stream<Path> work = Files.list(root.getParent())) {
        assertThat(work).containsExactly(root); // the downloaded archive is already gone
      }
    }
    assertThat(root).doesNotExist();
    assertThatWorkRootIsEmpty();
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  @DisplayName("retries a server that fails twice, then succeeds")
  void retriesServerErrors() throws Exception {
    server.then(Answer.status(503), Answer.status(500));
    try (FetchedArtifact fetched = fetcher().build().fetch(server.url("/a.tar.gz"), digest)) {
      assertThat(fetched.root().resolve("README.md")).hasContent("hi");
    }
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  @DisplayName("retries an attempt that times out")
  void retriesTimeouts() throws Exception {
    server.then(Answer.slow(Duration.ofSeconds(3)));
    try (FetchedArtifact fetched =
        fetcher()
            .attemptTimeout(Duration.ofMillis(500))
            .build()
            .fetch(server.url("/a.tar.gz"), digest)) {
      assertThat(fetched.root().resolve("README.md")).hasContent("hi");
    }
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  @DisplayName("gives up after the configured retries, saying how many attempts were made")
  void givesUpAfterRetries() {
    server.then(Answer.status(502), Answer.status(503), Answer.status(504));
    assertThatThrownBy(() -> fetcher().retries(2).build().fetch(server.url("/a.tar.gz"), digest))
        .isExactlyInstanceOf(ArtifactFetchException.class)
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("HTTP 504");
    assertThat(server.requests()).isEqualTo(3);
    assertThatWorkRootIsEmpty();
  }

  @Test
  @DisplayName("404 is reported at once as ArtifactNotFoundException")
  void notFoundIsNotRetried() {
    server.then(Answer.status(404));
    assertThatThrownBy(() -> fetcher().build().fetch(server.url("/gone.tar.gz"), digest))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("/gone.tar.gz");
    assertThat(server.requests()).isEqualTo(1);
    assertThatWorkRootIsEmpty();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 403, 501})
  @DisplayName("client errors and 501 are not retried")
  void otherStatusesAreNotRetried(int status) {
    server.then(Answer.status(status));
    assertThatThrownBy(() -> fetcher().build().fetch(server.url("/a.tar.gz"), digest))
        .isExactlyInstanceOf(ArtifactFetchException.class)
        .hasMessageContaining("HTTP " + status);
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  @DisplayName("bytes changed after the digest was computed are a digest mismatch, not retried")
  void tamperedArtifact() {
    byte[] tampered = archive.clone();
    tampered[tampered.length - 5] ^= 0x01;
    server.content(tampered);
    assertThatThrownBy(() -> fetcher().build().fetch(server.url("/a.tar.gz"), digest))
        .isInstanceOfSatisfying(
            ArtifactDigestMismatchException.class,
            e -> assertThat(e.expected().toString()).isEqualTo(digest))
        .hasMessageContaining("digest mismatch");
    assertThat(server.requests()).isEqualTo(1);
    assertThatWorkRootIsEmpty();
  }

  @Test
  @DisplayName("an unreachable server is retried, then reported with the connection error")
  void unreachableServer() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                fetcher()
                    .retries(1)
                    .build()
                    .fetch("http://127.0.0.1:" + closedPort + "/a.tar.gz", digest))
        .isExactlyInstanceOf(ArtifactFetchException.class)
        .hasMessageContaining("after 2 attempt(s)")
        .hasCauseInstanceOf(ConnectException.class);
    assertThatWorkRootIsEmpty();
  }

  @Test
  @DisplayName("an unsafe archive with the right digest is still refused, and nothing is left")
  void unsafeArchive() throws Exception {
    byte[] evil = new TarballFixture().file("ok.txt", "fine").file("../escape", "evil").tarGz();
    server.content(evil);
    assertThatThrownBy(() -> fetcher().build().fetch(server.url("/a.tar.gz"), sha256(evil)))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> {
              assertThat(e.violation()).isEqualTo(Violation.PATH_TRAVERSAL);
              assertThat(e.entryName()).isEqualTo("../escape");
            });
    assertThat(tmp.resolve("escape")).doesNotExist();
    assertThatWorkRootIsEmpty();
  }

  @Test
  @DisplayName("a response longer than the artifact's advertised size is cut off")
  void advertisedSizeBoundsTheDownload() {
    assertThatThrownBy(
            () -> fetcher().build().fetch(server.url("/a.tar.gz"), digest, archive.length - 1L))
        .isExactlyInstanceOf(ArtifactFetchException.class)
        .hasMessageContaining("larger than the limit of " + (archive.length - 1) + " bytes");
    assertThatWorkRootIsEmpty();
  }

  @Test
  @DisplayName("an unsupported digest algorithm is refused before any download")
  void unsupportedDigest() {
    assertThatThrownBy(
            () -> fetcher().build().fetch(server.url("/a.tar.gz"), "blake3:" + digest.substring(7)))
        .isInstanceOf(InvalidDigestException.class)
        .hasMessageContaining("unsupported digest algorithm 'blake3'");
    assertThat(server.requests()).isZero();
  }

  @Test
  @DisplayName("the host override redirects every download, as SOURCE_CONTROLLER_LOCALHOST")
  void hostOverride() throws Exception {
    String hostAndPort = server.url("").substring("http://".length());
    try (FetchedArtifact fetched =
        fetcher()
            .hostOverride(hostAndPort)
            .build()
            .fetch("http://source-controller.flux-system.svc.cluster.local./a.tar.gz", digest)) {
      assertThat(fetched.url()).isEqualTo(server.url("/a.tar.gz"));
    }
  }

  private void assertThatWorkRootIsEmpty() {
    try (Stream<Path> left = Files.list(workRoot)) {
      assertThat(left).isEmpty();
    } catch (java.nio.file.NoSuchFileException e) {
      // never created: nothing was left either
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
