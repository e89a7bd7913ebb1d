package io.capstan.image.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagScanTest {

  @ParameterizedTest
  @CsvSource({
    "nginx, index.docker.io/library/nginx",
    "docker.io/fluxcd/flux, index.docker.io/fluxcd/flux",
    "ghcr.io/stefanprodan/podinfo, ghcr.io/stefanprodan/podinfo",
    "127.0.0.1:5000/org/app, 127.0.0.1:5000/org/app"
  })
  void canonicalNames(String image, String canonical) {
    assertThat(ImageName.parse(image).canonical()).isEqualTo(canonical);
  }

  @Test
  void refusesTagsDigestsAndSchemes() {
    assertThatThrownBy(() -> ImageName.parse("ghcr.io/org/app:v1"))
        .hasMessageContaining("should not contain a tag or digest");
    assertThatThrownBy(() -> ImageName.parse("https://ghcr.io/org/app"))
        .hasMessageContaining("should not start with URL scheme");
  }

  @Test
  void revisionIsFluxsAdlerChecksumOfTheSortedJson() {
    TagScan scan = TagScan.of("r/app", List.of("1.0.0", "1.2.0", "0.9"));
    assertThat(scan.tags()).containsExactly("1.2.0", "1.0.0", "0.9");
    Adler32 expected = new Adler32();
    expected.update("[\"1.2.0\",\"1.0.0\",\"0.9\"]".getBytes(StandardCharsets.UTF_8));
    assertThat(scan.revision()).isEqualTo(Long.toString(expected.getValue()));
    // same set in another order: same revision; one more tag: another
    assertThat(TagScan.of("r/app", List.of("0.9", "1.0.0", "1.2.0")).revision())
        .isEqualTo(scan.revision());
    assertThat(TagScan.of("r/app", List.of("0.9", "1.0.0", "1.2.0", "1.3.0")).revision())
        .isNotEqualTo(scan.revision());
    assertThat(TagScan.of("r/app", List.of()).revision()).isEqualTo(Long.toString(adler("[]")));
  }

  @Test
  void latestTagsAreTheTenGreatestStrings() {
    List<String> tags = IntStream.range(0, 25).mapToObj(i -> "v" + i).toList();
    TagScan scan = TagScan.of("r/app", tags);
    assertThat(scan.latestTags())
        .containsExactly("v9", "v8", "v7", "v6", "v5", "v4", "v3", "v24", "v23", "v22");
    assertThat(TagScan.of("r/app", List.of("a")).latestTags()).containsExactly("a");
  }

  @Test
  void exclusionListDefaultsToSignatures() {
    assertThat(TagScanner.of(null).filter(List.of("v1", "sha256-abc.sig", "v2.sig.x")))
        .containsExactly("v1", "v2.sig.x");
    assertThat(TagScanner.of(List.of("^dev-", "rc")).filter(List.of("dev-1", "1.0-rc1", "1.0")))
        .containsExactly("1.0");
    assertThat(TagScanner.of(List.of()).filter(List.of("a.sig"))).containsExactly("a.sig");
    assertThatThrownBy(() -> TagScanner.of(List.of("(")))
        .hasMessageStartingWith("failed to compile regex (");
  }

  @Test
  void storeRoundTripsAndReplacesAtomically(@TempDir Path dir) throws Exception {
    TagStore store = new TagStore(dir);
    assertThat(store.read("ns", "app")).isEmpty();
    TagScan first = TagScan.of("r/app", List.of("1", "2"));
    store.write("ns", "app", first);
    TagScan second = TagScan.of("r/app", List.of("1", "2", "3"));
    store.write("ns", "app", second);
    // a new store (a restarted controller) reads the latest scan without any registry
    assertThat(new TagStore(dir).read("ns", "app")).contains(second);
    try (var files = Files.list(dir.resolve("ns"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("app.json");
    }
    store.delete("ns", "app");
    assertThat(store.read("ns", "app")).isEmpty();
    assertThatThrownBy(() -> store.write("..", "x", first))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long adler(String s) {
    Adler32 a = new Adler32();
    a.update(s.getBytes(StandardCharsets.UTF_8));
    return a.getValue();
  }
}
