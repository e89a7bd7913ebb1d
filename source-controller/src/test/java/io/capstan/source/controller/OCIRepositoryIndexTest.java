package io.capstan.source.controller;

import static io.capstan.source.controller.OciHarness.condition;
import static io.capstan.source.controller.OciHarness.has;
import static io.capstan.source.controller.OciHarness.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.OciRegistry.IndexEntry;
import io.capstan.testing.oci.PushedArtifact;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image index as an OCIRepository reference, as Flux pulls it (go-containerregistry's {@code
 * remote.Image} with its default platform): the first entry for {@code linux/amd64} (an entry
 * without a platform counts as one), the revision naming the index digest; no such entry fails the
 * pull.
 */
@WithKubernetes
class OCIRepositoryIndexTest {

  static final String FLUX_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";

  @TempDir static Path root;
  static OciHarness harness;
  static OciRegistry registry;
  static PushedArtifact arm64;
  static PushedArtifact amd64;
  static PushedArtifact noPlatform;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    registry = OciRegistry.builder().start();
    arm64 = registry.push("multi", null, FLUX_TYPE, tar("arm64"), Map.of("p", "arm"));
    amd64 = registry.push("multi", null, FLUX_TYPE, tar("amd64"), Map.of("p", "amd"));
    noPlatform = registry.push("multi", null, FLUX_TYPE, tar("plain"), Map.of());
    harness = new OciHarness(admin, Files.createDirectories(root.resolve("storage")), 1 << 20);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  static byte[] tar(String content) {
    return io.capstan.testing.oci.TarGz.of(Map.of("deploy/platform.txt", content));
  }

  @Test
  @DisplayName(
      "an index (arm64, amd64, arm/v7) resolves to its linux/amd64 manifest; revision and artifact"
          + " name are the index digest's, metadata the chosen manifest's annotations")
  void picksLinuxAmd64(KubeNamespace ns) throws Exception {
    PushedArtifact index =
        registry.pushIndex(
            "multi",
            "v1",
            List.of(
                new IndexEntry("linux/arm64", arm64),
                new IndexEntry("linux/amd64", amd64),
                new IndexEntry("linux/arm/v7", arm64)));
    harness.apply(ns.name(), yaml("multi", registry.url("multi"), "  ref:\n    tag: v1\n"));

    OCIRepository repo = harness.awaitReady(ns.name(), "multi");
    Artifact artifact = repo.getStatus().getArtifact();
    assertThat(artifact.getRevision()).isEqualTo("v1@" + index.digest());
    assertThat(artifact.getPath()).endsWith("/" + index.digest().substring(7) + ".tar.gz");
    assertThat(harness.files(artifact)).containsExactly(Map.entry("deploy/platform.txt", "amd64"));
    assertThat(artifact.getMetadata()).containsEntry("p", "amd");
  }

  @Test
  @DisplayName("an index entry without a platform counts as linux/amd64 (first match wins)")
  void entryWithoutPlatform(KubeNamespace ns) throws Exception {
    registry.pushIndex(
        "multi",
        "v2",
        List.of(
            new IndexEntry("linux/arm64", arm64),
            new IndexEntry(null, noPlatform),
            new IndexEntry("linux/amd64", amd64)));
    harness.apply(ns.name(), yaml("plain", registry.url("multi"), "  ref:\n    tag: v2\n"));

    OCIRepository repo = harness.awaitReady(ns.name(), "plain");
    assertThat(harness.files(repo.getStatus().getArtifact()))
        .containsExactly(Map.entry("deploy/platform.txt", "plain"));
  }

  @Test
  @DisplayName(
      "an index without a linux/amd64 entry: Ready=False OCIArtifactPullFailed 'no child with"
          + " platform linux/amd64 in index ...'")
  void noMatchingPlatform(KubeNamespace ns) {
    PushedArtifact index =
        registry.pushIndex("multi", "arm-only", List.of(new IndexEntry("linux/arm64", arm64)));
    harness.apply(ns.name(), yaml("arm", registry.url("multi"), "  ref:\n    tag: arm-only\n"));

    OCIRepository repo =
        harness.awaitStatus(
            ns.name(),
            "arm",
            r -> has(r, "Ready", Condition.Status.False, "OCIArtifactPullFailed"));
    OciHarness.check(repo);
    assertThat(condition(repo, "FetchFailed").orElseThrow().getMessage())
        .startsWith("failed to pull artifact from ")
        .endsWith(
            "no child with platform linux/amd64 in index "
                + registry.host()
                + "/multi@"
                + index.digest());
    assertThat(repo.getStatus().getArtifact()).isNull();
  }
}
