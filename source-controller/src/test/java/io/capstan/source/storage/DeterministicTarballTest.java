package io.capstan.source.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.capstan.api.meta.Artifact;
import io.capstan.runtime.artifact.ArchiveExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicTarballTest {

  static final String LONG_NAME = "very/" + "long-directory-name-".repeat(6) + "/file.yaml";

  @TempDir Path tmp;
  ArtifactStorage storage;
  ArtifactOwner owner = new ArtifactOwner("GitRepository", "flux-system", "app");

  @BeforeEach
  void setUp() throws IOException {
    storage = new ArtifactStorage(tmp.resolve("storage"), "localhost", RetentionPolicy.DEFAULT);
  }

  /** A small repository-like tree; {@code seed} changes mtimes, not content. */
  static Path tree(Path dir, long seed) throws IOException {
    write(dir, "README.md", "readme\n");
    write(dir, "deploy/app.yaml", "kind: Deployment\n");
    write(dir, "deploy/base/kustomization.yaml", "resources: []\n");
    write(dir, "run.sh", "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write(dir, LONG_NAME, "long\n");
    Files.createDirectories(dir.resolve("empty"));
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(1_600_000_000L + seed)));
      }
    }
    return dir;
  }

  static void write(Path dir, String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  Artifact archive(Path dir, String file) throws Exception {
    return storage.archive(
        storage.newArtifact(owner, "main@sha1:x", file), dir, ArchiveFilter.NONE);
  }

  @Test
  @DisplayName("the same tree archived twice gives identical bytes and digest")
  void sameTreeSameBytes() throws Exception {
    Path dir = tree(tmp.resolve("src"), 0);
    Artifact first = archive(dir, "one.tar.gz");
    Artifact second = archive(dir, "two.tar.gz");

    assertThat(second.getDigest()).isEqualTo(first.getDigest()).startsWith("sha256:");
    assertThat(Files.readAllBytes(storage.localPath(second)))
        .isEqualTo(Files.readAllBytes(storage.localPath(first)));
    assertThat(first.getSize()).isEqualTo(Files.size(storage.localPath(first)));
  }

  @Test
  @DisplayName("a copy with other mtimes and other non-executable permissions has the same digest")
  void mtimesAndUmaskDoNotMatter() throws Exception {
    Path original = tree(tmp.resolve("a"), 0);
    Path copy = tree(tmp.resolve("b"), 12345);
    Files.setPosixFilePermissions(
        copy.resolve("README.md"), PosixFilePermissions.fromString("rw-rw-r--"));
    Files.setPosixFilePermissions(
        copy.resolve("deploy"), PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(archive(copy, "b.tar.gz").getDigest())
        .isEqualTo(archive(original, "a.tar.gz").getDigest());
  }

  @Test
  @DisplayName("changed content, a renamed file or a changed executable bit change the digest")
  void contentChangesDigest() throws Exception {
    String base = archive(tree(tmp.resolve("base"), 0), "base.tar.gz").getDigest();

    Path content = tree(tmp.resolve("content"), 0);
    write(content, "deploy/app.yaml", "kind: DaemonSet\n");
    Path renamed = tree(tmp.resolve("renamed"), 0);
    Files.move(renamed.resolve("README.md"), renamed.resolve("README.txt"));
    Path exec = tree(tmp.resolve("exec"), 0);
    Files.setPosixFilePermissions(
        exec.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));

    List<String> digests =
        List.of(
            archive(content, "c.tar.gz").getDigest(),
            archive(renamed, "r.tar.gz").getDigest(),
            archive(exec, "e.tar.gz").getDigest());
    assertThat(digests).doesNotContain(base).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("entries are sorted, parents first, with fixed owners, epoch mtimes and Flux modes")
  void headersAreNormalized() throws Exception {
    Artifact artifact = archive(tree(tmp.resolve("src"), 42), "a.tar.gz");

    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = readTar(storage.localPath(artifact))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertThat(e.getLongUserId()).as(e.getName()).isZero();
        assertThat(e.getLongGroupId()).as(e.getName()).isZero();
        assertThat(e.getUserName()).as(e.getName()).isEmpty();
        assertThat(e.getGroupName()).as(e.getName()).isEmpty();
        assertThat(e.getLastModifiedTime().toInstant()).as(e.getName()).isEqualTo(Instant.EPOCH);
        int expectedMode = e.isDirectory() ? 0750 : e.getName().equals("run.sh") ? 0700 : 0600;
        assertThat(e.getMode() & 07777).as(e.getName()).isEqualTo(expectedMode);
      }
    }
    assertThat(names)
        .containsExactly(
            "README.md",
            "deploy/",
            "deploy/app.yaml",
            "deploy/base/",
            "deploy/base/kustomization.yaml",
            "empty/",
            "run.sh",
            "very/",
            "very/" + "long-directory-name-".repeat(6) + "/",
            LONG_NAME);
  }

  @Test
  @DisplayName("the gzip header carries no mtime and no file name")
  void gzipHeaderIsFixed() throws Exception {
    Artifact artifact = archive(tree(tmp.resolve("src"), 0), "a.tar.gz");
    byte[] head = new byte[10];
    try (InputStream in = Files.newInputStream(storage.localPath(artifact))) {
      assertThat(in.read(head)).isEqualTo(10);
    }
    assertThat(head[0] & 0xff).isEqualTo(0x1f);
    assertThat(head[1] & 0xff).isEqualTo(0x8b);
    assertThat(head[3]).as("FLG: no FNAME/FCOMMENT/FEXTRA").isZero();
    assertThat(new byte[] {head[4], head[5], head[6], head[7]}).as("MTIME").containsOnly(0);
  }

  @Test
  @DisplayName("the filter sees relative paths; an excluded directory drops its whole subtree")
  void filterHook() throws Exception {
    Path dir = tree(tmp.resolve("src"), 0);
    List<String> seen = new ArrayList<>();
    ArchiveFilter filter =
        (path, directory) -> {
          seen.add(path + (directory ? "/" : ""));
          return path.equals("deploy/base") || path.endsWith(".md");
        };

    Artifact artifact = storage.archive(storage.newArtifact(owner, "r", "f.tar.gz"), dir, filter);

    assertThat(entryNames(artifact))
        .contains("deploy/app.yaml", "run.sh")
        .doesNotContain("README.md", "deploy/base/", "deploy/base/kustomization.yaml");
    assertThat(seen)
        .contains("deploy/", "deploy/base/", "README.md")
        .doesNotContain("deploy/base/kustomization.yaml");
  }

  @Test
  @DisplayName("symlinks are never archived, wherever they point (as Flux), their targets are")
  void symlinksAreSkipped() throws Exception {
    Path dir = tree(tmp.resolve("src"), 0);
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(dir.resolve("inside-link"), dir.resolve("README.md"));
    Files.createSymbolicLink(dir.resolve("relative-link"), Path.of("deploy/app.yaml"));
    Files.createSymbolicLink(dir.resolve("outside-link"), outside);
    Files.createSymbolicLink(dir.resolve("dir-link"), dir.resolve("deploy"));
    Files.createSymbolicLink(dir.resolve("escape-dir"), tmp);

    Artifact withLinks = archive(dir, "links.tar.gz");

    assertThat(entryNames(withLinks))
        .contains("README.md", "deploy/app.yaml")
        .noneMatch(n -> n.contains("link") || n.contains("escape") || n.contains("secret"));
    Path clean = tree(tmp.resolve("clean"), 0);
    assertThat(withLinks.getDigest()).isEqualTo(archive(clean, "clean.tar.gz").getDigest());
  }

  @Test
  @DisplayName("extracting the archive with the runtime extractor gives back the same tree")
  void roundTrip() throws Exception {
    Path dir = tree(tmp.resolve("src"), 0);
    Artifact artifact = archive(dir, "a.tar.gz");
    Path out = tmp.resolve("out");

    new ArchiveExtractor().extract(storage.localPath(artifact), out);

    try (Stream<Path> original = Files.walk(dir);
        Stream<Path> extracted = Files.walk(out)) {
      assertThat(extracted.map(out::relativize).map(Path::toString).sorted())
          .containsExactlyElementsOf(
              original.map(dir::relativize).map(Path::toString).sorted().toList());
    }
    assertThat(out.resolve(LONG_NAME)).hasContent("long");
    assertThat(Files.isExecutable(out.resolve("run.sh"))).isTrue();
  }

  @Test
  @DisplayName("non-ASCII file names are stored as UTF-8 PAX paths and read back unchanged")
  void nonAsciiNames() throws Exception {
    assumeTrue(
        "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
        "the JVM can only create non-ASCII file names with a UTF-8 locale");
    Path dir = tree(tmp.resolve("src"), 0);
    write(dir, "ünïcödé.txt", "utf-8 name\n");
    Artifact artifact = archive(dir, "a.tar.gz");

    assertThat(entryNames(artifact)).contains("ünïcödé.txt");
    Path out = tmp.resolve("out");
    new ArchiveExtractor().extract(storage.localPath(artifact), out);
    assertThat(out.resolve("ünïcödé.txt")).hasContent("utf-8 name");
  }

  List<String> entryNames(Artifact artifact) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = readTar(storage.localPath(artifact))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  static TarArchiveInputStream readTar(Path file) throws IOException {
    return new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(file)));
  }
}
