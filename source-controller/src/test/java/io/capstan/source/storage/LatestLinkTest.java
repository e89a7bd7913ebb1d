package io.capstan.source.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.meta.Artifact;
import io.capstan.runtime.artifact.ArtifactDigest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flux's {@code latest.tar.gz} link behind {@code status.url}: storage and artifact server. */
class LatestLinkTest {

  @TempDir Path tmp;
  ArtifactStorage storage;
  ArtifactServer server;
  final ArtifactOwner owner = new ArtifactOwner("OCIRepository", "flux-system", "app");

  @BeforeEach
  void setUp() throws Exception {
    // Keep only the current artifact, immediately: the harshest garbage collection.
    storage =
        new ArtifactStorage(
            tmp.resolve("storage"), "localhost:9090", new RetentionPolicy(Duration.ZERO, 1));
    server = ArtifactServer.start(storage.root(), "127.0.0.1:0");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Artifact write(String name, byte[] content) throws Exception {
    return storage.write(
        storage.newArtifact(owner, "rev-" + name, name + ".tar.gz"),
        new ByteArrayInputStream(content));
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  @DisplayName(
      "the link is relative, next to the artifact, and its URL is the stable status.url while"
          + " artifact.url stays versioned")
  void linkAndUrl() throws Exception {
    Artifact a = write("aaa", random(1000, 1));

    String url = storage.symlink(a, ArtifactStorage.LATEST_LINK);

    Path link = storage.localPath(a).resolveSibling("latest.tar.gz");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("aaa.tar.gz"));
    assertThat(url).isEqualTo("http://localhost:9090/ocirepository/flux-system/app/latest.tar.gz");
    assertThat(a.getUrl())
        .isEqualTo("http://localhost:9090/ocirepository/flux-system/app/aaa.tar.gz");
    assertThat(storage.linksTo(a, ArtifactStorage.LATEST_LINK)).isTrue();
    assertThatThrownBy(() -> storage.symlink(a, "../escape"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.symlink(a, ".hidden"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "the server serves the link as the artifact it points at (same bytes, ETag = digest), and"
          + " follows it when re-pointed")
  void servedThroughTheLink() throws Exception {
    byte[] first = random(300_000, 2);
    Artifact a = write("aaa", first);
    storage.symlink(a, ArtifactStorage.LATEST_LINK);
    String target = "/ocirepository/flux-system/app/latest.tar.gz";

    RawHttp.Response r1 = RawHttp.send(server.address(), "GET", target);
    assertThat(r1.status()).isEqualTo(200);
    assertThat(r1.body()).isEqualTo(first);
    assertThat(r1.header("ETag")).isEqualTo("\"" + a.getDigest() + "\"");

    byte[] second = random(200_000, 3);
    Artifact b = write("bbb", second);
    storage.symlink(b, ArtifactStorage.LATEST_LINK);
    storage.garbageCollect(b);

    RawHttp.Response r2 = RawHttp.send(server.address(), "GET", target);
    assertThat(r2.status()).isEqualTo(200);
    assertThat(r2.body()).isEqualTo(second);
    assertThat(r2.header("ETag")).isEqualTo("\"" + b.getDigest() + "\"");
    assertThat(storage.localPath(a)).doesNotExist();
  }

  @Test
  @DisplayName("garbage collection never removes the link; removing the object removes it")
  void garbageCollection() throws Exception {
    Artifact a = write("aaa", random(100, 4));
    storage.symlink(a, ArtifactStorage.LATEST_LINK);
    Artifact b = write("bbb", random(100, 5));
    storage.symlink(b, ArtifactStorage.LATEST_LINK);

    List<Path> deleted = storage.garbageCollect(b);
    storage.removeAllButCurrent(b);

    assertThat(deleted).extracting(p -> p.getFileName().toString()).containsExactly("aaa.tar.gz");
    Path link = storage.localPath(b).resolveSibling("latest.tar.gz");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(storage.linksTo(b, ArtifactStorage.LATEST_LINK)).isTrue();
    try (var files = Files.list(link.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    storage.removeAll(owner);
    assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  @DisplayName(
      "readers of the link during 40 re-points (each followed by garbage collection of the old"
          + " artifact) always get a whole artifact whose digest matches its ETag, never a 404")
  void atomicUnderConcurrentReaders() throws Exception {
    Artifact first = write("v0", random(200_000, 100));
    storage.symlink(first, ArtifactStorage.LATEST_LINK);
    String target = "/ocirepository/flux-system/app/latest.tar.gz";
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> problems = new ArrayList<>();
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread reader =
          new Thread(
              () -> {
                while (writing.get()) {
                  try {
                    RawHttp.Response r = RawHttp.send(server.address(), "GET", target);
                    reads.incrementAndGet();
                    if (r.status() != 200) {
                      synchronized (problems) {
                        problems.add("status " + r.status());
                      }
                      continue;
                    }
                    String etag = r.header("ETag").replace("\"", "");
                    var md = ArtifactDigest.newMessageDigest(ArtifactDigest.CANONICAL_ALGORITHM);
                    md.update(r.body());
                    String digest =
                        ArtifactDigest.fromDigest(ArtifactDigest.CANONICAL_ALGORITHM, md)
                            .toString();
                    if (!digest.equals(etag)) {
                      synchronized (problems) {
                        problems.add("body digest " + digest + " != ETag " + etag);
                      }
                    }
                    seen.put(digest, true);
                  } catch (Exception e) {
                    synchronized (problems) {
                      problems.add(e.toString());
                    }
                  }
                }
              });
      reader.start();
      readers.add(reader);
    }
    for (int i = 1; i <= 40; i++) {
      Artifact next = write("v" + i, random(200_000, 100 + i));
      storage.symlink(next, ArtifactStorage.LATEST_LINK);
      storage.garbageCollect(next);
      Thread.sleep(5);
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join(30_000);
    }

    assertThat(problems).isEmpty();
    assertThat(reads.get()).isGreaterThan(40);
    assertThat(seen.size()).isGreaterThan(1);
  }
}
