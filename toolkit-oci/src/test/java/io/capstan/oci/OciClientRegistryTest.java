package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.OciRegistryExtension;
import io.capstan.testing.oci.PushedArtifact;
import io.capstan.testing.oci.RegistryRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real, anonymous CNCF Distribution registry. */
class OciClientRegistryTest {

  @RegisterExtension static final OciRegistryExtension REGISTRY = OciRegistryExtension.anonymous();

  private static OciClient client() {
    return new OciClient(
        OciClientOptions.builder().insecure(true).retryWait(Duration.ofMillis(10)).build());
  }

  private static OciReference ref(OciRegistry r, String repoAndTag) {
    return OciReference.parse(r.host() + "/" + repoAndTag);
  }

  @Test
  @DisplayName("pushes blobs and a manifest, tags it, lists tags across pages")
  void pushTagList(OciRegistry registry) throws Exception {
    OciClient client = client();
    OciReference repo = ref(registry, "push/app");
    Descriptor config =
        client.pushBlob(repo, "application/vnd.cncf.flux.config.v1+json", "{}".getBytes());
    Descriptor layer = client.pushBlob(repo, "application/octet-stream", "hello".getBytes());
    Manifest m =
        new Manifest(
            2, Manifest.OCI_MANIFEST, null, config, java.util.List.of(layer), null, null, null);
    String digest = client.pushManifest(repo.withTag("v1"), m);
    for (int i = 2; i <= 5; i++) {
      assertThat(client.tag(repo.withTag("v1"), "v" + i)).isEqualTo(digest);
    }
    // Distribution 2.8 ignores n= for tags (one page); Link paging is covered by TagPagingTest.
    assertThat(client.listTags(repo, 2)).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v5");
    assertThat(client.resolve(repo.withTag("v3")).digest()).isEqualTo(digest);
  }

  @Test
  @DisplayName("resolve is one HEAD; manifest and blob are verified against their digests")
  void resolveAndFetch(OciRegistry registry, @TempDir Path dir) throws Exception {
    PushedArtifact a = registry.pushArtifact("fetch/app", "v1", Map.of("a.yaml", "kind: A\n"));
    OciClient client = client();
    OciReference ref = ref(registry, "fetch/app:v1");
    registry.clearRequests();
    Descriptor head = client.resolve(ref);
    assertThat(head.digest()).isEqualTo(a.digest());
    assertThat(head.mediaType()).isEqualTo(Manifest.OCI_MANIFEST);
    assertThat(registry.requests()).extracting(RegistryRequest::method).containsOnly("HEAD");

    ManifestResponse m = client.manifest(ref.withDigest(head.digest()));
    assertThat(m.digest()).isEqualTo(a.digest());
    Descriptor layer = m.manifest().layers().get(0);
    assertThat(layer.mediaType()).isEqualTo("application/vnd.cncf.flux.content.v1.tar+gzip");
    Path target = dir.resolve("layer.tgz");
    client.fetchBlob(ref, layer, 1 << 20, target);
    assertThat(Files.size(target)).isEqualTo(a.layerSize());
    assertThat(Digests.sha256(Files.readAllBytes(target))).isEqualTo(a.layerDigest());

    assertThatThrownBy(() -> client.fetchBlob(ref, layer, 10, dir.resolve("small")))
        .isInstanceOf(OciException.TooLarge.class);
    assertThat(dir.resolve("small")).doesNotExist();
  }

  @Test
  @DisplayName("a blob whose stored bytes changed fails with DigestMismatch and writes nothing")
  void tamperedBlob(OciRegistry registry, @TempDir Path dir) throws Exception {
    PushedArtifact a =
        registry.pushArtifact("tamper/app", "v1", Map.of("t.yaml", "kind: Tampered\n"));
    byte[] evil = new byte[(int) a.layerSize()];
    registry.tamperBlob(a.layerDigest(), evil);
    OciClient client = client();
    OciReference ref = ref(registry, "tamper/app:v1");
    Descriptor layer = client.manifest(ref).manifest().layers().get(0);
    assertThatThrownBy(() -> client.fetchBlob(ref, layer, 1 << 20, dir.resolve("l")))
        .isInstanceOf(OciException.DigestMismatch.class)
        .hasMessageContaining(a.layerDigest());
    assertThat(dir.resolve("l")).doesNotExist();
  }

  @Test
  @DisplayName("unknown tags and repositories are NotFound")
  void notFound(OciRegistry registry) {
    OciClient client = client();
    assertThatThrownBy(() -> client.resolve(ref(registry, "nope/app:v1")))
        .isInstanceOf(OciException.NotFound.class);
    assertThatThrownBy(() -> client.manifest(ref(registry, "nope/app:v1")))
        .isInstanceOf(OciException.NotFound.class)
        .hasMessageContaining("MANIFEST_UNKNOWN");
    assertThatThrownBy(() -> client.listTags(ref(registry, "nope/app")))
        .isInstanceOf(OciException.NotFound.class);
  }

  @Test
  @DisplayName("large blobs are pushed in chunks and read back intact")
  void chunkedPush(OciRegistry registry, @TempDir Path dir) throws Exception {
    OciClient client =
        new OciClient(OciClientOptions.builder().insecure(true).chunkSize(4096).build());
    byte[] content = new byte[20_000];
    new Random(7).nextBytes(content);
    Path file = dir.resolve("big");
    Files.write(file, content);
    OciReference repo = ref(registry, "chunked/app");
    registry.clearRequests();
    Descriptor d = client.pushBlob(repo, "application/octet-stream", file);
    assertThat(registry.requests()).filteredOn(r -> r.method().equals("PATCH")).hasSize(5);
    assertThat(client.blob(repo, d.digest(), 1 << 20)).isEqualTo(content);
  }

  @Test
  @DisplayName("a registry that is down is Unreachable after the retries")
  void unreachable(OciRegistry registry) throws Exception {
    OciRegistry down = OciRegistry.builder().start();
    String host = down.host();
    down.close();
    OciClient client =
        new OciClient(
            OciClientOptions.builder()
                .insecure(true)
                .maxAttempts(2)
                .retryWait(Duration.ofMillis(10))
                .timeout(Duration.ofSeconds(2))
                .build());
    assertThatThrownBy(() -> client.resolve(OciReference.parse(host + "/app:v1")))
        .isInstanceOf(OciException.Unreachable.class)
        .hasMessageContaining(host);
    assertThat(new String("ok".getBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
  }
}
