package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading charts from directories and archives. */
class ChartLoaderTest {
  @TempDir Path tmp;

  private Path chartDir() throws Exception {
    Path c = tmp.resolve("mychart");
    Files.createDirectories(c.resolve("templates"));
    Files.createDirectories(c.resolve("charts/sub/templates"));
    Files.createDirectories(c.resolve("crds"));
    Files.writeString(c.resolve("Chart.yaml"), "apiVersion: v2\nname: mychart\nversion: 1.2.3\n");
    Files.writeString(c.resolve("values.yaml"), "replicas: 2\n");
    Files.writeString(c.resolve("templates/cm.yaml"), "kind: ConfigMap\n");
    Files.writeString(c.resolve("templates/.hidden"), "x");
    Files.writeString(c.resolve("crds/crd.yaml"), "kind: CustomResourceDefinition\n");
    Files.writeString(c.resolve("ignored.txt"), "x");
    Files.writeString(c.resolve("kept.txt"), "x");
    Files.writeString(c.resolve(".helmignore"), "# comment\nignored.txt\n");
    Files.writeString(
        c.resolve("charts/sub/Chart.yaml"), "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
    return c;
  }

  @Test
  @DisplayName("a directory: templates, values, files, crds, subcharts, .helmignore")
  void loadsDirectory() throws Exception {
    Chart c = ChartLoader.load(chartDir());
    assertThat(c.name()).isEqualTo("mychart");
    assertThat(c.values()).containsEntry("replicas", 2.0);
    assertThat(c.templates()).extracting(ChartFile::name).containsExactly("templates/cm.yaml");
    assertThat(c.files())
        .extracting(ChartFile::name)
        .contains("kept.txt", "crds/crd.yaml")
        .doesNotContain("ignored.txt");
    assertThat(c.dependencies()).extracting(Chart::name).containsExactly("sub");
    assertThat(c.crdObjects()).extracting(ChartFile::name).containsExactly("mychart/crds/crd.yaml");
  }

  @Test
  @DisplayName("a packaged chart loads back to the same chart")
  void packageRoundTrip() throws Exception {
    Path archive = ChartPackager.pack(chartDir(), tmp.resolve("out"));
    assertThat(archive.getFileName().toString()).isEqualTo("mychart-1.2.3.tgz");
    Chart c = ChartLoader.load(archive);
    assertThat(c.templates()).extracting(ChartFile::name).containsExactly("templates/cm.yaml");
    assertThat(c.dependencies()).extracting(Chart::name).containsExactly("sub");
  }

  private static byte[] tgz(String... namesAndContents) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bos))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] d = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i], true);
        e.setSize(d.length);
        tar.putArchiveEntry(e);
        tar.write(d);
        tar.closeArchiveEntry();
      }
    }
    return bos.toByteArray();
  }

  @Test
  @DisplayName("hostile archives are rejected")
  void hostileArchives() {
    assertThatThrownBy(
            () -> ChartLoader.loadArchive(new ByteArrayInputStream(tgz("c/../../etc/passwd", "x"))))
        .hasMessageContaining("chart illegally references parent directory");
    assertThatThrownBy(
            () -> ChartLoader.loadArchive(new ByteArrayInputStream(tgz("Chart.yaml", "x"))))
        .hasMessageContaining("chart illegally contains content outside the base directory");
    assertThatThrownBy(
            () -> ChartLoader.loadArchive(new ByteArrayInputStream(tgz("Chart.yaml/x", "x"))))
        .hasMessageContaining("chart yaml not in base directory");
    assertThatThrownBy(
            () -> ChartLoader.loadArchive(new ByteArrayInputStream("not gzip".getBytes())))
        .isInstanceOf(HelmException.class);
  }

  @Test
  @DisplayName("Chart.yaml problems are reported as Helm does")
  void badChartYaml() throws Exception {
    Path c = tmp.resolve("bad");
    Files.createDirectories(c);
    Files.writeString(c.resolve("Chart.yaml"), "apiVersion: v2\nname: bad\n");
    assertThatThrownBy(() -> ChartLoader.load(c))
        .hasMessageContaining("chart.metadata.version is required");
    Files.writeString(
        c.resolve("Chart.yaml"), "apiVersion: v2\nname: bad\nversion: 1.0.0\ntype: foo\n");
    assertThatThrownBy(() -> ChartLoader.load(c))
        .hasMessageContaining("must be application or library");
    Files.delete(c.resolve("Chart.yaml"));
    assertThatThrownBy(() -> ChartLoader.load(c))
        .hasMessageContaining("Chart.yaml file is missing");
  }

  @Test
  @DisplayName(".helmignore: negation, directories, anchored patterns")
  void helmIgnore() throws Exception {
    HelmIgnore h = HelmIgnore.parse("*.bak\n/top.txt\ndir/\n").withDefaults();
    assertThat(h.ignore("a/b.bak", false)).isTrue();
    assertThat(h.ignore("top.txt", false)).isTrue();
    assertThat(h.ignore("a/top.txt", false)).isFalse();
    assertThat(h.ignore("dir", true)).isTrue();
    assertThat(h.ignore("templates/.x", false)).isTrue();
    assertThatThrownBy(() -> HelmIgnore.parse("a/**/b")).hasMessageContaining("double-star");
    // Helm quirk: a negated rule that does not match ignores the path
    HelmIgnore neg = HelmIgnore.parse("!keep.txt\n");
    assertThat(neg.ignore("keep.txt", false)).isFalse();
    assertThat(neg.ignore("other.txt", false)).isTrue();
  }

  @Test
  @DisplayName(
      "a caller-set file size limit applies to archives, subchart archives and directories")
  void configurableFileSizeLimit() throws Exception {
    String big = "x".repeat(2048);
    byte[] archive = tgz("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n", "c/big", big);
    assertThat(ChartLoader.loadArchive(new ByteArrayInputStream(archive)).name()).isEqualTo("c");
    assertThat(ChartLoader.loadArchive(new ByteArrayInputStream(archive), 2048).name())
        .isEqualTo("c");
    assertThatThrownBy(() -> ChartLoader.loadArchive(new ByteArrayInputStream(archive), 2047))
        .isInstanceOf(HelmException.class)
        .hasMessage("decompressed chart file \"big\" is larger than the maximum file size 2047");

    Path dir = tmp.resolve("parent");
    Files.createDirectories(dir.resolve("charts"));
    Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: parent\nversion: 1.0.0\n");
    Files.write(dir.resolve("charts/c-1.0.0.tgz"), archive);
    assertThat(ChartLoader.load(dir).dependencies()).extracting(Chart::name).containsExactly("c");
    assertThatThrownBy(() -> ChartLoader.load(dir, 2047))
        .hasMessageContaining("error unpacking subchart c-1.0.0.tgz in parent")
        .hasMessageContaining("\"big\" is larger than the maximum file size 2047");
    Files.delete(dir.resolve("charts/c-1.0.0.tgz"));
    Files.writeString(dir.resolve("notes.txt"), big);
    assertThatThrownBy(() -> ChartLoader.loadDir(dir, 100))
        .hasMessage("chart file \"notes.txt\" is larger than the maximum file size 100");
    assertThatThrownBy(() -> ChartLoader.loadDir(dir, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
