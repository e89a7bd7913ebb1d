package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.fault.FaultProxy;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.OciRegistry.IndexEntry;
import io.capstan.testing.oci.OciRegistryExtension;
import io.capstan.testing.oci.PushedArtifact;
import io.capstan.testing.oci.TarGz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Image indexes resolved by platform, and one deadline over a whole operation. */
class OciClientIndexAndDeadlineTest {

  @RegisterExtension static final OciRegistryExtension REGISTRY = OciRegistryExtension.anonymous();

  static final String FLUX = "application/vnd.cncf.flux.content.v1.tar+gzip";

  private static OciClient client(Duration timeout) {
    return new OciClient(
        OciClientOptions.builder()
            .insecure(true)
            .timeout(timeout)
            .retryWait(Duration.ofMillis(10))
            .build());
  }

  @ParameterizedTest(name = "{0} satisfies {1}: {2}")
  @CsvSource({
    "linux/amd64, linux/amd64, true",
    "linux/amd64/v2, linux/amd64, true",
    "linux/arm64, linux/amd64, false",
    "windows/amd64, linux/amd64, false",
    "linux/arm/v7, linux/arm/v7, true",
    "linux/arm/v6, linux/arm/v7, false",
    "linux/arm, linux/arm/v7, false",
  })
  @DisplayName("platform matching is go-containerregistry's: variant only when required")
  void platformMatching(String given, String required, boolean expected) {
    assertThat(parse(given).satisfies(parse(required))).isEqualTo(expected);
  }

  private static Platform parse(String p) {
    String[] s = p.split("/");
    return new Platform(s[1], s[0], null, null, s.length > 2 ? s[2] : null, null);
  }

  @Test
  @DisplayName(
      "imageManifest: an index gives its first linux/amd64 entry (no platform counts as one),"
          + " a plain manifest itself; no match is NotFound naming the platform and the index")
  void imageManifest(OciRegistry registry) throws Exception {
    PushedArtifact arm = registry.push("idx", null, FLUX, TarGz.of(Map.of("a", "arm")), Map.of());
    PushedArtifact amd = registry.push("idx", null, FLUX, TarGz.of(Map.of("a", "amd")), Map.of());
    registry.pushIndex(
        "idx",
        "multi",
        List.of(new IndexEntry("linux/arm64", arm), new IndexEntry("linux/amd64", amd)));
    registry.pushIndex(
        "idx", "bare", List.of(new IndexEntry(null, arm), new IndexEntry("linux/amd64", amd)));
    PushedArtifact armOnly =
        registry.pushIndex("idx", "arm-only", List.of(new IndexEntry("linux/arm64", arm)));
    OciClient client = client(Duration.ofSeconds(10));
    OciReference repo = OciReference.parse(registry.host() + "/idx");

    assertThat(client.imageManifest(repo.withTag("multi"), Platform.LINUX_AMD64).digest())
        .isEqualTo(amd.digest());
    assertThat(client.imageManifest(repo.withTag("bare"), Platform.LINUX_AMD64).digest())
        .isEqualTo(arm.digest());
    assertThat(client.imageManifest(repo.withTag("multi"), Platform.of("linux", "arm64")).digest())
        .isEqualTo(arm.digest());
    assertThat(client.imageManifest(repo.withDigest(amd.digest()), Platform.LINUX_AMD64).digest())
        .isEqualTo(amd.digest());
    assertThat(client.manifest(repo.withTag("multi")).manifest().manifests().get(0).platform())
        .isEqualTo(Platform.of("linux", "arm64"));
    assertThatThrownBy(
            () -> client.imageManifest(repo.withDigest(armOnly.digest()), Platform.LINUX_AMD64))
        .isInstanceOf(OciException.NotFound.class)
        .hasMessage(
            "no child with platform linux/amd64 in index "
                + registry.host()
                + "/idx@"
                + armOnly.digest());
  }

  @Test
  @DisplayName(
      "a download trickling past the deadline fails with DeadlineExceeded at the deadline, while"
          + " the per-request timeout alone (connect and headers) lets the same download finish")
  void deadlineBoundsTheWholeOperation(OciRegistry registry, @TempDir Path dir) throws Exception {
    byte[] noise = new byte[48 * 1024];
    new Random(3).nextBytes(noise);
    PushedArtifact a = registry.push("slow", "v1", "application/octet-stream", noise, Map.of());
    try (FaultProxy proxy = FaultProxy.to(registry.baseUri())) {
      proxy.bandwidth(16 * 1024); // ~3 s for the blob; headers come at once
      OciReference ref = OciReference.parse("127.0.0.1:" + proxy.port() + "/slow:v1");
      // Per request (connect + headers) 10 s, never reached; the whole download takes ~3 s.
      OciClient client = client(Duration.ofSeconds(10));
      Descriptor layer = Descriptor.of("application/octet-stream", a.layerDigest(), a.layerSize());

      client.fetchBlob(ref, layer, 1 << 20, dir.resolve("unbounded"));
      assertThat(Files.readAllBytes(dir.resolve("unbounded"))).isEqualTo(noise);

      long begin = System.nanoTime();
      try (OciClient bounded = client.withDeadline(Duration.ofMillis(1500))) {
        assertThat(bounded.resolve(ref).digest()).isEqualTo(a.digest());
        assertThatThrownBy(() -> bounded.fetchBlob(ref, layer, 1 << 20, dir.resolve("bounded")))
            .isInstanceOf(OciException.DeadlineExceeded.class)
            .hasMessageEndingWith("context deadline exceeded (timeout 1500ms)");
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofMillis(2900));
        assertThatThrownBy(() -> bounded.resolve(ref))
            .isInstanceOf(OciException.DeadlineExceeded.class);
      }
      assertThat(dir.resolve("bounded")).doesNotExist();
      assertThat(client.resolve(ref).digest()).isEqualTo(a.digest());
    }
  }
}
