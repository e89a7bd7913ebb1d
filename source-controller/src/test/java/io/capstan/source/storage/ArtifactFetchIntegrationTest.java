package io.capstan.source.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.meta.Artifact;
import io.capstan.runtime.artifact.ArchiveExtractor;
import io.capstan.runtime.artifact.ArtifactDigestMismatchException;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.ArtifactNotFoundException;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.runtime.artifact.UnsafeArchiveException;
import io.capstan.runtime.artifact.UnsafeArchiveException.Violation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The consumer side (toolkit-runtime's fetcher) against the real artifact server and storage. */
class ArtifactFetchIntegrationTest {

  @TempDir Path tmp;
  Path work;
  ArtifactStorage storage;
  ArtifactServer server;
  final ArtifactOwner owner = new ArtifactOwner("GitRepository", "flux-system", "podinfo");

  @BeforeEach
  void setUp() throws Exception {
    work = tmp.resolve("work");
    Path root = tmp.resolve("storage");
    Files.createDirectories(root);
    server = ArtifactServer.start(root, "127.0.0.1:0");
    storage =
        new ArtifactStorage(
            root, "127.0.0.1:" + server.address().getPort(), RetentionPolicy.DEFAULT);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  ArtifactFetcher.Builder fetcher() {
    return ArtifactFetcher.builder()
        .retries(2)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .tempRoot(work);
  }

  Artifact archiveSample() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/deploy"));
    Files.writeString(src.resolve("app.yaml"), "kind: Deployment\n");
    Files.writeString(tmp.resolve("src/kustomization.yaml"), "resources: [deploy/app.yaml]\n");
    return storage.archive(
        storage.newArtifact(owner, "main@sha1:" + "a".repeat(40), "a".repeat(40) + ".tar.gz"),
        tmp.resolve("src"),
        ArchiveFilter.NONE);
  }

  @Test
  @DisplayName("a consumer gets exactly the archived tree, digest-verified, and leaves nothing")
  void happyPath() throws Exception {
    Artifact artifact = archiveSample();

    try (FetchedArtifact fetched =
        fetcher().build().fetch(artifact.getUrl(), artifact.getDigest(), artifact.getSize())) {
      assertThat(fetched.digest().toString()).isEqualTo(artifact.getDigest());
      assertThat(fetched.root().resolve("deploy/app.yaml")).hasContent("kind: Deployment");
      assertThat(fetched.root().resolve("kustomization.yaml"))
          .hasContent("resources: [deploy/app.yaml]");
    }
    assertThatWorkIsEmpty();
  }

  @Test
  @DisplayName("an artifact changed on disk after its digest was recorded is detected")
  void tamperedArtifact() throws Exception {
    Artifact artifact = archiveSample();
    try (RandomAccessFile file = new RandomAccessFile(storage.localPath(artifact).toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0xff);
    }

    assertThatThrownBy(() -> fetcher().build().fetch(artifact.getUrl(), artifact.getDigest()))
        .isInstanceOf(ArtifactDigestMismatchException.class)
        .hasMessageContaining(artifact.getDigest());
    assertThatWorkIsEmpty();
  }

  static Stream<Arguments> craftedArchives() {
    return Stream.of(
        Arguments.of(
            "../x",
            (Supplier<byte[]>)
                () -> new CraftedTarball().file("ok", "ok").file("../x", "evil").tarGz(),
            Violation.PATH_TRAVERSAL),
        Arguments.of(
            "/etc/x",
            (Supplier<byte[]>) () -> new CraftedTarball().file("/etc/x", "evil").tarGz(),
            Violation.ABSOLUTE_PATH),
        Arguments.of(
            "big",
            (Supplier<byte[]>) () -> new CraftedTarball().file("big", new byte[4096]).tarGz(),
            Violation.SIZE_LIMIT));
  }

  @ParameterizedTest(name = "entry ''{0}'' → {2}")
  @MethodSource("craftedArchives")
  @DisplayName("crafted archives served with a correct digest are still refused, precisely")
  void craftedArchivesAreRefused(String entry, Supplier<byte[]> archive, Violation violation)
      throws Exception {
    Artifact artifact =
        storage.write(
            storage.newArtifact(owner, "r", "crafted.tar.gz"),
            new ByteArrayInputStream(archive.get()));

    assertThatThrownBy(
            () ->
                fetcher()
                    .extractor(new ArchiveExtractor(1024, ArchiveExtractor.UNLIMITED))
                    .build()
                    .fetch(artifact.getUrl(), artifact.getDigest()))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> {
              assertThat(e.violation()).isEqualTo(violation);
              assertThat(e.entryName()).isEqualTo(entry);
            });
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThatWorkIsEmpty();
  }

  @Test
  @DisplayName("symlinks in a served archive are skipped, the rest is extracted")
  void symlinksAreSkipped() throws Exception {
    byte[] archive =
        new CraftedTarball()
            .file("app.yaml", "kind: Service\n")
            .symlink("passwd", "/etc/passwd")
            .tarGz();
    Artifact artifact =
        storage.write(
            storage.newArtifact(owner, "r", "links.tar.gz"), new ByteArrayInputStream(archive));

    try (FetchedArtifact fetched =
        fetcher().build().fetch(artifact.getUrl(), artifact.getDigest())) {
      assertThat(fetched.root().resolve("app.yaml")).hasContent("kind: Service");
      assertThat(fetched.root().resolve("passwd")).doesNotExist();
      assertThat(fetched.extraction().skipped()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a garbage-collected artifact is reported as not found, without retries")
  void removedArtifact() throws Exception {
    Artifact artifact = archiveSample();
    storage.removeAll(owner);

    assertThatThrownBy(() -> fetcher().build().fetch(artifact.getUrl(), artifact.getDigest()))
        .isInstanceOf(ArtifactNotFoundException.class);
    assertThatWorkIsEmpty();
  }

  @SuppressWarnings("try") // the resources are held for their scope only
  @Test
  @DisplayName("a fetch started while the artifact server is down succeeds once it is back")
  void serverDownThenBack() throws Exception {
    Artifact artifact = archiveSample();
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String url =
        artifact.getUrl().replace(":" + server.address().getPort() + "/", ":" + port + "/");
    ArtifactFetcher patient =
        fetcher().retries(8).backoff(Duration.ofMillis(100), Duration.ofMillis(200)).build();

    CompletableFuture<String> fetch =
        CompletableFuture.supplyAsync(
            () -> {
              try (FetchedArtifact fetched = patient.fetch(url, artifact.getDigest())) {
                return Files.readString(fetched.root().resolve("deploy/app.yaml"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(fetch).isNotDone();
    try (ArtifactServer late = ArtifactServer.start(storage.root(), "127.0.0.1:" + port)) {
      assertThat(fetch.get(30, TimeUnit.SECONDS)).isEqualTo("kind: Deployment\n");
    }
    assertThatWorkIsEmpty();
  }

  private void assertThatWorkIsEmpty() throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> left = Files.list(work)) {
        assertThat(left).isEmpty();
      }
    }
  }
}
