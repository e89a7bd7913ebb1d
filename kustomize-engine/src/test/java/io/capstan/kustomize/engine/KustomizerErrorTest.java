package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.kustomize.engine.remote.RemoteLoading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input fails with a precise message: which file, line, field, resource or rule. */
class KustomizerErrorTest {
  @TempDir Path tmp;

  private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

  private static Map<String, String> files(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "invalid YAML names the file and line",
            ".",
            files("kustomization.yaml", "resources:\n- d.yaml\n", "d.yaml", CM + " data: [\n"),
            new String[] {"d.yaml", "line 5"}),
        Arguments.of(
            "duplicate mapping keys in a resource are rejected with both lines",
            ".",
            files(
                "kustomization.yaml",
                "resources:\n- d.yaml\n",
                "d.yaml",
                CM + "data:\n  a: b\ndata:\n  c: d\n"),
            new String[] {"mapping key \"data\" already defined at line 5", "line 7"}),
        Arguments.of(
            "an object without a name is rejected",
            ".",
            files(
                "kustomization.yaml", "resources:\n- d.yaml\n",
                "d.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n"),
            new String[] {"missing metadata.name", "d.yaml"}),
        Arguments.of(
            "an object without a kind is rejected",
            ".",
            files(
                "kustomization.yaml", "resources:\n- d.yaml\n",
                "d.yaml", "apiVersion: v1\nmetadata: {name: x}\n"),
            new String[] {"missing kind", "d.yaml"}),
        Arguments.of(
            "a label value that is not a string is rejected like Go's decoder does",
            ".",
            files("kustomization.yaml", "commonLabels:\n  version: 1.0\n"),
            new String[] {"cannot unmarshal number", "commonLabels"}),
        Arguments.of(
            "an unknown kustomization field is named",
            ".",
            files("kustomization.yaml", "resourcez:\n- d.yaml\n"),
            new String[] {"unknown field \"resourcez\"", "kustomization.yaml"}),
        Arguments.of(
            "a missing resource names the path",
            ".",
            files("kustomization.yaml", "resources:\n- nope.yaml\n"),
            new String[] {"resource 'nope.yaml' not found", "nope.yaml' does not exist"}),
        Arguments.of(
            "duplicate resource ids are rejected",
            ".",
            files(
                "kustomization.yaml",
                "resources:\n- a.yaml\n- b.yaml\n",
                "a.yaml",
                CM,
                "b.yaml",
                CM),
            new String[] {"already registered id: ConfigMap.v1/x.[noNs]"}),
        Arguments.of(
            "a strategic merge patch without a target object fails like kustomize",
            ".",
            files(
                "kustomization.yaml",
                "resources:\n- a.yaml\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n"
                    + "    metadata:\n      name: other\n",
                "a.yaml",
                CM),
            new String[] {"no resource matches strategic merge patch", "other"}),
        Arguments.of(
            "a generator may not create over an existing object",
            ".",
            files(
                "kustomization.yaml",
                "resources:\n- a.yaml\nconfigMapGenerator:\n- name: x\n  literals: [a=b]\n",
                "a.yaml",
                CM),
            new String[] {"behavior must be merge or replace"}),
        Arguments.of(
            "a generator cannot merge into nothing",
            ".",
            files(
                "kustomization.yaml",
                "configMapGenerator:\n- name: x\n  behavior: merge\n  literals: [a=b]\n"),
            new String[] {"does not exist; cannot merge or replace"}),
        Arguments.of(
            "remote resources are refused when remote loading is disabled",
            ".",
            files("kustomization.yaml", "resources:\n- https://github.com/org/repo//base?ref=v1\n"),
            new String[] {"remote", "not allowed"}),
        Arguments.of(
            "a cycle between bases is detected",
            ".",
            files(
                "kustomization.yaml", "resources:\n- a\n",
                "a/kustomization.yaml", "resources:\n- ../b\n",
                "b/kustomization.yaml", "resources:\n- ../a\n"),
            new String[] {"cycle detected"}),
        Arguments.of(
            "files outside the kustomization root are refused (root-only restriction)",
            "sub",
            files("a.yaml", CM, "sub/kustomization.yaml", "resources:\n- ../a.yaml\n"),
            new String[] {"security; file", "is not in or below"}),
        Arguments.of(
            "exec plugins are refused",
            ".",
            files(
                "kustomization.yaml", "transformers:\n- t.yaml\n",
                "t.yaml", "apiVersion: someteam.example.com/v1\nkind: Foo\nmetadata:\n  name: f\n"),
            new String[] {"external plugin someteam.example.com/v1/Foo refused"}),
        Arguments.of(
            "KRM function plugins are refused",
            ".",
            files(
                "kustomization.yaml",
                "transformers:\n- t.yaml\n",
                "t.yaml",
                "apiVersion: fn.example.com/v1\nkind: Fn\nmetadata:\n  name: f\n  annotations:\n"
                    + "    config.kubernetes.io/function: |\n      container:\n        image: x\n"),
            new String[] {"KRM function plugin fn.example.com/v1/Fn refused"}),
        Arguments.of(
            "a directory without a kustomization file is reported",
            ".",
            files("a.yaml", CM),
            new String[] {"unable to find one of 'kustomization.yaml'"}),
        Arguments.of(
            "a Kustomization listed as a component is rejected",
            ".",
            files(
                "kustomization.yaml", "components:\n- c\n",
                "c/kustomization.yaml", "resources: []\n"),
            new String[] {"expected kind 'Component'"}),
        Arguments.of(
            "a JSON patch needs a target",
            ".",
            files(
                "kustomization.yaml",
                "resources:\n- a.yaml\npatches:\n- patch: |-\n    - op: remove\n      path: /data\n",
                "a.yaml",
                CM),
            new String[] {"must specify a target"}),
        Arguments.of(
            "a replacement source must exist",
            ".",
            files(
                "kustomization.yaml",
                "resources:\n- a.yaml\nreplacements:\n- source:\n    kind: Secret\n    name: s\n"
                    + "  targets:\n  - select:\n      kind: ConfigMap\n",
                "a.yaml",
                CM),
            new String[] {"nothing selected by"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("fails with a precise message")
  void failsPrecisely(String behaviour, String buildDir, Map<String, String> files, String[] parts)
      throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = tmp.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    // Local inputs only; remote loading off so no case reaches the network.
    Kustomizer kustomizer =
        Kustomizer.create(Kustomizer.Options.defaults().withRemote(RemoteLoading.disabled()));
    assertThatThrownBy(() -> kustomizer.build(tmp.resolve(buildDir)))
        .as(behaviour)
        .isInstanceOf(KustomizeException.class)
        .hasMessageContainingAll(parts);
  }
}
