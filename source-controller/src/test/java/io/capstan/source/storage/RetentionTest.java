package io.capstan.source.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionTest {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path tmp;

  /**
   * Each row: files as {@code name:ageSeconds} (the one marked {@code *} is current), TTL seconds,
   * records, and the files expected to be deleted.
   */
  @ParameterizedTest(name = "[{index}] {0} ttl={1}s records={2} → delete [{3}]")
  @DisplayName("garbage collection keeps the current artifact, drops expired and surplus ones")
  @CsvSource(
      delimiter = '|',
      value = {
        // expired by TTL
        "a:120 b:30 *c:0        | 60 | 2 | a",
        // nothing expired, but 4 > 2 records: the two oldest non-current go
        "a:10 b:20 c:30 *d:0    | 60 | 2 | c b",
        // the current artifact is the oldest: still kept, the oldest other goes
        "*d:100 a:10 b:5        | 60 | 2 | a",
        // one record: only the current one stays
        "a:1 b:2 *c:3           | 60 | 1 | b a",
        // zero TTL: every previous artifact has expired
        "a:1 *b:2               | 0  | 5 | a",
        // within both limits: nothing to do
        "a:10 *b:0              | 60 | 2 | ''",
        // only the current artifact
        "*a:500                 | 60 | 2 | ''",
        // Flux defaults after a burst of revisions within a minute
        "r1:50 r2:40 r3:30 r4:20 *r5:10 | 60 | 2 | r1 r2 r3",
      })
  void garbageSelection(String files, long ttlSeconds, int records, String expected)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("gitrepository/ns/app"));
    Map<Path, Instant> mtimes = new LinkedHashMap<>();
    Path current = null;
    for (String spec : files.trim().split("\\s+")) {
      String[] parts = spec.split(":");
      String name = parts[0].replace("*", "") + ".tar.gz";
      Path file = Files.writeString(dir.resolve(name), name);
      Instant mtime = NOW.minusSeconds(Long.parseLong(parts[1]));
      Files.setLastModifiedTime(file, FileTime.from(mtime));
      mtimes.put(file, mtime);
      if (parts[0].startsWith("*")) {
        current = file;
      }
    }
    RetentionPolicy policy = new RetentionPolicy(Duration.ofSeconds(ttlSeconds), records);
    List<String> expectedNames =
        expected.isBlank()
            ? List.of()
            : Arrays.stream(expected.trim().split("\\s+")).map(n -> n + ".tar.gz").toList();

    // The pure policy…
    assertThat(policy.garbage(mtimes, current, NOW))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(expectedNames);

    // …and the storage applying it to real files.
    ArtifactStorage storage =
        new ArtifactStorage(tmp, "localhost", policy, Clock.fixed(NOW, ZoneOffset.UTC));
    Artifact currentArtifact = new Artifact();
    currentArtifact.setPath(tmp.relativize(current).toString());
    List<Path> deleted = storage.garbageCollect(currentArtifact);

    assertThat(deleted)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(expectedNames);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(expectedNames::contains)
          .contains(current.getFileName().toString());
    }
  }

  @Test
  @DisplayName("garbage collection removes temporary files abandoned by a crashed writer")
  void removesStrayTemporaryFiles() throws Exception {
    ArtifactStorage storage = new ArtifactStorage(tmp, "localhost", RetentionPolicy.DEFAULT);
    ArtifactOwner owner = new ArtifactOwner("OCIRepository", "ns", "app");
    Artifact current =
        storage.write(
            storage.newArtifact(owner, "r", "current.tar.gz"),
            new ByteArrayInputStream(new byte[1]));
    Path stray = storage.localPath(current).resolveSibling(".current.tar.gz.123.tmp");
    Files.writeString(stray, "half written");

    storage.garbageCollect(current);

    assertThat(stray).doesNotExist();
    assertThat(storage.exists(current)).isTrue();
  }

  @Test
  @DisplayName("the defaults are Flux's: 60 seconds and 2 records")
  void fluxDefaults() {
    assertThat(RetentionPolicy.DEFAULT).isEqualTo(new RetentionPolicy(Duration.ofMinutes(1), 2));
  }
}
