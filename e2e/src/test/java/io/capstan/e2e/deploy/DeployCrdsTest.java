package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCrdsTest {

  @Test
  @DisplayName("deploy/crds holds exactly the 14 CRDs toolkit-api's build generates, listed")
  void deployedCrdsAreTheGeneratedOnes() {
    Path root = DeployTree.root();
    Map<String, String> expected = DeployCrds.expected(root);
    Map<String, String> actual = DeployCrds.actual(root);
    TreeSet<String> stale = new TreeSet<>(expected.keySet());
    stale.addAll(actual.keySet());
    stale.removeIf(name -> Objects.equals(expected.get(name), actual.get(name)));
    assertThat(stale)
        .as(
            "deploy/crds is stale (files differing from the build); refresh with: %s",
            DeployCrds.REFRESH)
        .isEmpty();
    assertThat(expected.keySet().stream().filter(n -> n.endsWith("-v1.yml"))).hasSize(14);
  }

  @Test
  @DisplayName("sync rewrites an edited CRD, restores a missing one and removes an extra file")
  void syncRepairsStaleCopies(@TempDir Path root) throws Exception {
    Path generated = Files.createDirectories(root.resolve(DeployCrds.GENERATED));
    Files.writeString(
        generated.resolve("a.example.io-v1.yml"), "kind: CustomResourceDefinition # a\n");
    Files.writeString(
        generated.resolve("b.example.io-v1.yml"), "kind: CustomResourceDefinition # b\n");
    Files.writeString(generated.resolve("ignored.txt"), "not a CRD");
    assertThat(DeployCrds.sync(root))
        .containsExactlyInAnyOrder(
            "a.example.io-v1.yml", "b.example.io-v1.yml", "kustomization.yaml");
    assertThat(DeployCrds.actual(root)).isEqualTo(DeployCrds.expected(root));
    assertThat(DeployCrds.actual(root).get("kustomization.yaml"))
        .endsWith("resources:\n  - a.example.io-v1.yml\n  - b.example.io-v1.yml\n");

    Path deployed = root.resolve(DeployCrds.DEPLOYED);
    Files.writeString(deployed.resolve("a.example.io-v1.yml"), "edited by hand\n");
    Files.delete(deployed.resolve("b.example.io-v1.yml"));
    Files.writeString(deployed.resolve("old.example.io-v1.yml"), "removed from the API\n");
    assertThat(DeployCrds.actual(root)).isNotEqualTo(DeployCrds.expected(root));

    assertThat(DeployCrds.sync(root))
        .containsExactlyInAnyOrder(
            "a.example.io-v1.yml", "b.example.io-v1.yml", "old.example.io-v1.yml");
    assertThat(DeployCrds.actual(root)).isEqualTo(DeployCrds.expected(root));
    assertThat(DeployCrds.sync(root)).isEmpty();
  }

  @Test
  @DisplayName("without a toolkit-api build the expected set is refused with the command to run")
  void missingBuildIsExplained(@TempDir Path root) {
    assertThatThrownBy(() -> DeployCrds.expected(root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build toolkit-api first");
  }
}
