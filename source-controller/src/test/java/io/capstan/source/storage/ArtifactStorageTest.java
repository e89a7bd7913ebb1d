package io.capstan.source.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.meta.Artifact;
import io.capstan.runtime.artifact.ArtifactDigest;
import io.capstan.runtime.artifact.ArtifactDigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactStorageTest {

  @TempDir Path tmp;
  ArtifactStorage storage;
  final ArtifactOwner owner = new ArtifactOwner("GitRepository", "flux-system", "podinfo");

  @BeforeEach
  void setUp() throws IOException {
    storage =
        new ArtifactStorage(tmp.resolve("storage"), "localhost:9090", RetentionPolicy.DEFAULT);
  }

  @ParameterizedTest(name = "--storage-adv-addr={0}")
  @DisplayName("artifact paths follow Flux's layout and URLs use the advertised address")
  @CsvSource({
    "source-controller.flux-system.svc.cluster.local., "
        + "http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/podinfo/0a1b.tar.gz",
    "localhost:9090, http://localhost:9090/gitrepository/flux-system/podinfo/0a1b.tar.gz",
    "http://10.0.0.1:9090, http://10.0.0.1:9090/gitrepository/flux-system/podinfo/0a1b.tar.gz",
    "https://artifacts.example.com/, https://artifacts.example.com/gitrepository/flux-system/podinfo/0a1b.tar.gz"
  })
  void layoutAndUrl(String advertised, String expectedUrl) throws IOException {
    ArtifactStorage s = new ArtifactStorage(tmp.resolve("s"), advertised, RetentionPolicy.DEFAULT);
    Artifact artifact = s.newArtifact(owner, "main@sha1:0a1b", "0a1b.tar.gz");
    assertThat(artifact.getPath()).isEqualTo("gitrepository/flux-system/podinfo/0a1b.tar.gz");
    assertThat(artifact.getUrl()).isEqualTo(expectedUrl);
    assertThat(artifact.getRevision()).isEqualTo("main@sha1:0a1b");
    assertThat(s.localPath(artifact)).isEqualTo(s.root().resolve(artifact.getPath()));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"../x", "/etc/passwd", "a/../../x", "gitrepository/./x", "", "a\\..\\b"})
  @DisplayName("artifact paths that could leave the storage are refused")
  void refusesEscapingPaths(String path) {
    Artifact artifact = new Artifact();
    artifact.setPath(path);
    assertThatThrownBy(() -> storage.localPath(artifact))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"..", ".", "a/b", "", "x\\y"})
  @DisplayName("owner names that are not a single path segment are refused")
  void refusesBadOwnerNames(String name) {
    assertThatThrownBy(() -> new ArtifactOwner("GitRepository", "ns", name))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArtifactOwner("GitRepository", name, "n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("write stores the bytes and returns a completed copy; the input is untouched")
  void writeCompletesArtifact() throws Exception {
    Artifact blank = storage.newArtifact(owner, "v1", "index.yaml");
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);

    Artifact written = storage.write(blank, new ByteArrayInputStream(content));

    assertThat(blank.getDigest()).isNull();
    assertThat(written.getDigest())
        .isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(written.getSize()).isEqualTo(5);
    assertThat(written.getLastUpdateTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(storage.exists(written)).isTrue();
    assertThat(storage.localPath(written)).hasBinaryContent(content);
    storage.verify(written);
  }

  @Test
  @DisplayName("verify detects a stored file changed after its digest was recorded")
  void verifyDetectsTampering() throws Exception {
    Artifact written =
        storage.write(
            storage.newArtifact(owner, "v1", "a.txt"), new ByteArrayInputStream(new byte[64]));
    Files.write(
        storage.localPath(written), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> storage.verify(written))
        .isInstanceOf(ArtifactDigestMismatchException.class)
        .hasMessageContaining(written.getDigest());
  }

  @Test
  @DisplayName("concurrent writers of one artifact never expose a partial or mixed file")
  void atomicUnderConcurrency() throws Exception {
    Artifact target = storage.newArtifact(owner, "r", "same.tar.gz");
    int writers = 6;
    int size = 512 * 1024;
    Set<String> producedDigests = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> readerProblems = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        byte value = (byte) (w + 1);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 5; i++) {
                    byte[] content = new byte[size];
                    Arrays.fill(content, value);
                    producedDigests.add(
                        storage.write(target, new ByteArrayInputStream(content)).getDigest());
                  }
                  return null;
                }));
      }
      Future<?> reader =
          pool.submit(
              () -> {
                start.await();
                Path file = storage.localPath(target);
                while (writing.get()) {
                  if (!Files.exists(file)) {
                    continue;
                  }
                  byte[] seen = Files.readAllBytes(file);
                  boolean uniform = seen.length == size;
                  for (int i = 1; uniform && i < seen.length; i++) {
                    uniform = seen[i] == seen[0];
                  }
                  if (!uniform) {
                    synchronized (readerProblems) {
                      readerProblems.add("partial or mixed file of " + seen.length + " bytes");
                    }
                  }
                }
                return null;
              });
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      reader.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(readerProblems).isEmpty();
    assertThat(producedDigests).hasSize(writers);
    assertThat(ArtifactDigest.of(storage.localPath(target)).toString()).isIn(producedDigests);
    try (Stream<Path> files = Files.list(storage.localPath(target).getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("same.tar.gz", ".lock");
    }
  }

  @SuppressWarnings("try") // the resources are held for their scope only
  @Test
  @DisplayName("the object lock admits one thread at a time and is reentrant for its holder")
  void lockIsExclusiveAndReentrant() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    try (ObjectLock outer = storage.lock(owner);
                        ObjectLock inner = storage.lock(owner)) {
                      maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                      Thread.sleep(1);
                      inside.decrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(maxInside.get()).isEqualTo(1);
  }

  @SuppressWarnings("try") // the resources are held for their scope only
  @Test
  @DisplayName("a lock held by one thread blocks another until released")
  void lockBlocksOtherThreads() throws Exception {
    CountDownLatch acquired = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ObjectLock held = storage.lock(owner)) {
      pool.submit(
          () -> {
            try (ObjectLock other = storage.lock(owner)) {
              acquired.countDown();
            }
            return null;
          });
      assertThat(acquired.await(300, TimeUnit.MILLISECONDS)).isFalse();
    } finally {
      assertThat(acquired.await(10, TimeUnit.SECONDS)).isTrue();
      pool.shutdownNow();
    }
  }

  @SuppressWarnings("try") // the resources are held for their scope only
  @Test
  @DisplayName("the object lock also excludes other processes sharing the storage")
  void lockExcludesOtherProcesses() throws Exception {
    Path lockFile = storage.root().resolve(owner.directory()).resolve(ObjectLocks.LOCK_FILE);
    try (ObjectLock held = storage.lock(owner)) {
      assertThat(probe(lockFile)).isEqualTo("busy");
    }
    assertThat(probe(lockFile)).isEqualTo("free");
  }

  private static String probe(Path lockFile) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  @Test
  @DisplayName("copyFromPath stores a file's exact bytes")
  void copyFromPath() throws Exception {
    Path source = Files.writeString(tmp.resolve("chart.tgz"), "chart bytes");
    Artifact copied =
        storage.copyFromPath(storage.newArtifact(owner, "1.0.0", "chart.tgz"), source);
    assertThat(copied.getDigest()).isEqualTo(ArtifactDigest.of(source).toString());
    assertThat(storage.localPath(copied)).hasSameBinaryContentAs(source);
  }

  @ParameterizedTest(name = "fromPath ''{0}''")
  @DisplayName("copyToPath extracts a sub path of an artifact, never above its root")
  @CsvSource({
    "deploy, app.yaml",
    "./deploy/, app.yaml",
    "../../deploy, app.yaml",
    "'', deploy/app.yaml"
  })
  void copyToPath(String fromPath, String expectedFile) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/deploy"));
    Files.writeString(src.resolve("app.yaml"), "kind: Service\n");
    Artifact artifact =
        storage.archive(
            storage.newArtifact(owner, "r", "a.tar.gz"), tmp.resolve("src"), ArchiveFilter.NONE);
    Path toPath = tmp.resolve("clone/included");
    Files.createDirectories(toPath);
    Files.writeString(toPath.resolve("stale.txt"), "replaced");

    storage.copyToPath(artifact, fromPath, toPath);

    assertThat(toPath.resolve(expectedFile)).hasContent("kind: Service");
    assertThat(toPath.resolve("stale.txt")).doesNotExist();
    try (Stream<Path> clone = Files.list(tmp.resolve("clone"))) {
      assertThat(clone).containsExactly(toPath); // the work directory is gone
    }
  }

  @Test
  @DisplayName("copyToPath of a path missing from the artifact says which path")
  void copyToPathMissing() throws Exception {
    Files.createDirectories(tmp.resolve("src"));
    Files.writeString(tmp.resolve("src/a"), "a");
    Artifact artifact =
        storage.archive(
            storage.newArtifact(owner, "r", "a.tar.gz"), tmp.resolve("src"), ArchiveFilter.NONE);
    assertThatThrownBy(() -> storage.copyToPath(artifact, "nope", tmp.resolve("to")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  @DisplayName("removeAll deletes every file of the object; removeAllButCurrent keeps one")
  void removal() throws Exception {
    Artifact a =
        storage.write(
            storage.newArtifact(owner, "1", "1.tar.gz"), new ByteArrayInputStream(new byte[1]));
    Artifact b =
        storage.write(
            storage.newArtifact(owner, "2", "2.tar.gz"), new ByteArrayInputStream(new byte[2]));
    Artifact c =
        storage.write(
            storage.newArtifact(owner, "3", "3.tar.gz"), new ByteArrayInputStream(new byte[3]));
    ArtifactOwner other = new ArtifactOwner("GitRepository", "flux-system", "other");
    Artifact kept =
        storage.write(
            storage.newArtifact(other, "1", "1.tar.gz"), new ByteArrayInputStream(new byte[1]));

    assertThat(storage.removeAllButCurrent(c))
        .containsExactly(storage.localPath(a), storage.localPath(b));
    assertThat(storage.exists(c)).isTrue();

    assertThat(storage.removeAll(owner)).isTrue();
    assertThat(storage.localPath(c).getParent()).doesNotExist();
    assertThat(storage.removeAll(owner)).isFalse();
    assertThat(storage.exists(kept)).isTrue();
  }
}
