package io.capstan.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.artifact.UnsafeArchiveException.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveExtractorTest {

  @TempDir Path tmp;

  @Test
  @DisplayName("extracts files and directories with their content and permission bits")
  void extractsRegularContent() throws Exception {
    byte[] archive =
        new TarballFixture()
            .dir("app/")
            .file("app/deploy.yaml", "kind: Deployment\n")
            .file("app/run.sh", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
            .file("./top.txt", "top")
            .tarGz();
    Path target = tmp.resolve("out");

    ArchiveExtractor.Summary summary =
        new ArchiveExtractor().extract(new ByteArrayInputStream(archive), target);

    assertThat(target.resolve("app/deploy.yaml")).hasContent("kind: Deployment");
    assertThat(target.resolve("top.txt")).hasContent("top");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target.resolve("app/run.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(summary).isEqualTo(new ArchiveExtractor.Summary(3, 1, 0, 30));
  }

  @Test
  @DisplayName("a file stored without owner permissions is still readable and writable by us")
  void ownerAlwaysHasAccess() throws Exception {
    byte[] archive = new TarballFixture().file("locked", 0, new byte[] {1}).tarGz();
    new ArchiveExtractor().extract(new ByteArrayInputStream(archive), tmp);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("locked"))))
        .isEqualTo("rw-------");
  }

  static Stream<Arguments> unsafeArchives() {
    return Stream.of(
        Arguments.of("../x", fixture(f -> f.file("../x", "evil")), Violation.PATH_TRAVERSAL),
        Arguments.of(
            "a/../../x", fixture(f -> f.file("a/../../x", "evil")), Violation.PATH_TRAVERSAL),
        Arguments.of("..", fixture(f -> f.dir("..")), Violation.PATH_TRAVERSAL),
        Arguments.of("/etc/x", fixture(f -> f.file("/etc/x", "evil")), Violation.ABSOLUTE_PATH),
        Arguments.of("C:/x", fixture(f -> f.file("C:/x", "evil")), Violation.ABSOLUTE_PATH),
        Arguments.of(
            "/etc/x",
            fixture(f -> f.paxPath("/etc/x").file("innocent", "evil")),
            Violation.ABSOLUTE_PATH),
        Arguments.of(
            "../../x",
            fixture(f -> f.paxPath("../../x").file("innocent", "evil")),
            Violation.PATH_TRAVERSAL),
        Arguments.of(
            "../x",
            fixture(f -> f.gnuLongName("../x").file("innocent", "evil")),
            Violation.PATH_TRAVERSAL),
        Arguments.of("a\\..\\x", fixture(f -> f.file("a\\..\\x", "evil")), Violation.INVALID_NAME),
        Arguments.of(
            "sparse",
            fixture(f -> f.entry("sparse", 'S', 0644, new byte[0], "")),
            Violation.UNSUPPORTED_ENTRY));
  }

  @ParameterizedTest(name = "entry ''{0}'' → {2}")
  @MethodSource("unsafeArchives")
  @DisplayName("refuses the whole archive, naming the entry, when an entry could escape")
  void refusesUnsafeEntries(String entry, byte[] archive, Violation violation) {
    Path target = tmp.resolve("nested/out");

    assertThatThrownBy(
            () -> new ArchiveExtractor().extract(new ByteArrayInputStream(archive), target))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> {
              assertThat(e.violation()).isEqualTo(violation);
              assertThat(e.entryName()).isEqualTo(entry);
            })
        .hasMessageContaining("'" + entry + "'");
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThat(tmp.resolve("nested/x")).doesNotExist();
    assertThat(Path.of("/etc/x")).doesNotExist();
  }

  @Test
  @DisplayName("skips symlinks, hard links, devices and FIFOs, extracting the rest")
  void skipsLinksAndSpecialFiles() throws Exception {
    byte[] archive =
        new TarballFixture()
            .file("real.txt", "real")
            .symlink("passwd", "/etc/passwd")
            .symlink("inside", "real.txt")
            .hardlink("hard", "/etc/shadow")
            .charDevice("null")
            .fifo("pipe")
            .tarGz();

    ArchiveExtractor.Summary summary =
        new ArchiveExtractor().extract(new ByteArrayInputStream(archive), tmp);

    assertThat(summary.files()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(5);
    try (Stream<Path> listing = Files.list(tmp)) {
      assertThat(listing).containsExactly(tmp.resolve("real.txt"));
    }
  }

  @Test
  @DisplayName("never writes through a symlink already present in the target directory")
  void doesNotFollowExistingSymlinks() throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path target = Files.createDirectory(tmp.resolve("target"));
    Files.createSymbolicLink(target.resolve("link"), outside);
    byte[] archive = new TarballFixture().file("link/x", "evil").tarGz();

    assertThatThrownBy(
            () -> new ArchiveExtractor().extract(new ByteArrayInputStream(archive), target))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> assertThat(e.violation()).isEqualTo(Violation.PATH_TRAVERSAL));
    assertThat(outside.resolve("x")).doesNotExist();
  }

  @Test
  @DisplayName("stops when the entries' total size would pass the limit, before writing it")
  void enforcesSizeLimit() {
    byte[] archive =
        new TarballFixture().file("a", 0644, new byte[600]).file("b", 0644, new byte[600]).tarGz();

    assertThatThrownBy(
            () ->
                new ArchiveExtractor(1000, ArchiveExtractor.UNLIMITED)
                    .extract(new ByteArrayInputStream(archive), tmp))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> {
              assertThat(e.violation()).isEqualTo(Violation.SIZE_LIMIT);
              assertThat(e.entryName()).isEqualTo("b");
            })
        .hasMessageContaining("limit of 1000 bytes");
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  @Test
  @DisplayName("a header claiming 4 GiB is refused from its header alone")
  void refusesHugeDeclaredSize() {
    byte[] archive = new TarballFixture().lyingFile("bomb", 1L << 32, new byte[10]).tarGz();
    assertThatThrownBy(() -> new ArchiveExtractor().extract(new ByteArrayInputStream(archive), tmp))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> assertThat(e.violation()).isEqualTo(Violation.SIZE_LIMIT));
  }

  @Test
  @DisplayName("refuses archives with more entries than the limit")
  void enforcesEntryLimit() {
    TarballFixture fixture = new TarballFixture();
    for (int i = 0; i < 11; i++) {
      fixture.file("f" + i, "x");
    }
    byte[] archive = fixture.tarGz();
    assertThatThrownBy(
            () ->
                new ArchiveExtractor(ArchiveExtractor.UNLIMITED, 10)
                    .extract(new ByteArrayInputStream(archive), tmp))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> {
              assertThat(e.violation()).isEqualTo(Violation.ENTRY_LIMIT);
              assertThat(e.entryName()).isEqualTo("f10");
            });
  }

  static Stream<Arguments> malformedArchives() {
    byte[] valid = new TarballFixture().file("a", "content").tarGz();
    byte[] truncatedGzip = java.util.Arrays.copyOf(valid, valid.length / 2);
    byte[] truncatedTar =
        gzip(java.util.Arrays.copyOf(new TarballFixture().file("a", "x".repeat(2000)).tar(), 700));
    byte[] badChecksum = new TarballFixture().file("a", "content").tar();
    badChecksum[0] = 'b';
    return Stream.of(
        Arguments.of("not gzip", "plain text".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("empty", new byte[0]),
        Arguments.of("truncated gzip", truncatedGzip),
        Arguments.of("truncated tar", truncatedTar),
        Arguments.of("bad header checksum", gzip(badChecksum)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedArchives")
  @DisplayName("reports corrupt input as MALFORMED")
  void refusesMalformedInput(String what, byte[] bytes) {
    assertThatThrownBy(
            () -> new ArchiveExtractor().extract(new ByteArrayInputStream(bytes), tmp.resolve("o")))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            e -> assertThat(e.violation()).isEqualTo(Violation.MALFORMED));
  }

  @Test
  @DisplayName("a directory entry for the root itself is harmless")
  void rootEntryIsIgnored() throws Exception {
    byte[] archive = new TarballFixture().dir("./").file("./a", "x").tarGz();
    ArchiveExtractor.Summary summary =
        new ArchiveExtractor().extract(new ByteArrayInputStream(archive), tmp);
    assertThat(summary.directories()).isZero();
    assertThat(Files.isRegularFile(tmp.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  private static byte[] fixture(UnaryOperator<TarballFixture> build) {
    return build.apply(new TarballFixture()).tarGz();
  }

  private static byte[] gzip(byte[] tar) {
    var out = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(tar);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
