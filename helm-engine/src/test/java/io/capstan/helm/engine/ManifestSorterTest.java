package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Helm's releaseutil splitting, hook parsing and install order. */
class ManifestSorterTest {
  @Test
  @DisplayName("kind order, then file name; unknown kinds last; hooks separated and parsed")
  void sorts() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("c/templates/b.yaml", "kind: Deployment\nmetadata:\n  name: d\n---\nkind: Zebra\n");
    files.put("c/templates/a.yaml", "kind: Service\n---\nkind: Namespace\n");
    files.put(
        "c/templates/hook.yaml",
        "kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install, test\n"
            + "    helm.sh/hook-weight: \"-5\"\n    helm.sh/hook-delete-policy: before-hook-creation\n");
    files.put(
        "c/templates/unknown-hook.yaml",
        "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: nope\n");
    files.put("c/templates/_helpers.tpl", "ignored");
    files.put("c/templates/empty.yaml", "  \n");
    ManifestSorter.Result r = ManifestSorter.sort(files);
    assertThat(r.manifests())
        .extracting(Manifest::kind)
        .containsExactly("Namespace", "Service", "Deployment", "Zebra");
    assertThat(r.hooks()).hasSize(1);
    Hook h = r.hooks().get(0);
    assertThat(h.events()).containsExactly("pre-install", "test");
    assertThat(h.weight()).isEqualTo(-5);
    assertThat(h.deletePolicies()).containsExactly("before-hook-creation");
    assertThat(h.isTest()).isTrue();
  }

  @Test
  @DisplayName("invalid YAML in a rendered file is Helm's YAML parse error")
  void invalidYaml() {
    assertThatThrownBy(() -> ManifestSorter.sort(Map.of("c/templates/x.yaml", "a: [b\n")))
        .hasMessageStartingWith("YAML parse error on c/templates/x.yaml");
  }

  @Test
  @DisplayName(
      "documents split at lines starting with --- (Helm v4): leading whitespace trimmed, trailing kept")
  void split() {
    assertThat(ManifestSorter.splitManifests("---\na: 1\n---\nb: 2\n---\n"))
        .containsExactly("a: 1\n", "b: 2\n");
    // the blank lines before the next --- stay with the document, as `helm template` prints them
    assertThat(ManifestSorter.splitManifests("\n a: 1\n\n---\n\nb: |\n  x\n  \n"))
        .containsExactly("a: 1\n\n", "b: |\n  x\n  \n");
    // whitespace-only documents are dropped; a line starting with --- separates
    assertThat(ManifestSorter.splitManifests("a: 1\n---\n\n---  \nb: 2"))
        .containsExactly("a: 1\n", "b: 2");
  }
}
