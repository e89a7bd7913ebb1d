package io.capstan.kustomize.engine.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strategic merge semantics, row by row (dest, patch, expected), as kustomize merges. */
class StrategicMergeTest {
  private static final String DEP = "apiVersion: apps/v1\nkind: Deployment\n";
  private static final String CR = "apiVersion: example.com/v1\nkind: Widget\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "maps merge recursively",
            DEP + "a: {b: 1, c: 2}",
            DEP + "a: {c: 3, d: 4}",
            DEP + "a: {b: 1, c: 3, d: 4}"),
        Arguments.of(
            "null deletes a field",
            DEP + "a: {b: 1, c: 2}",
            DEP + "a: {b: null}",
            DEP + "a: {c: 2}"),
        Arguments.of(
            "containers merge by name, patched elements first",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, image: x}, {name: b, image: y}]}}}",
            DEP + "spec: {template: {spec: {containers: [{name: b, image: z}, {name: c}]}}}",
            DEP
                + "spec: {template: {spec: {containers: [{name: b, image: z}, {name: c}, {name: a, image: x}]}}}"),
        Arguments.of(
            "env merges by name inside a merged container",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, env: [{name: X, value: '1'}]}]}}}",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, env: [{name: Y, value: '2'}]}]}}}",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, env: [{name: Y, value: '2'}, {name: X, value: '1'}]}]}}}"),
        Arguments.of(
            "$patch: delete removes a list element",
            DEP + "spec: {template: {spec: {volumes: [{name: v1}, {name: v2}]}}}",
            DEP + "spec: {template: {spec: {volumes: [{name: v1, $patch: delete}]}}}",
            DEP + "spec: {template: {spec: {volumes: [{name: v2}]}}}"),
        Arguments.of(
            "$patch: replace replaces a map",
            DEP + "spec: {strategy: {type: Recreate, x: 1}}",
            DEP + "spec: {strategy: {$patch: replace, type: RollingUpdate}}",
            DEP + "spec: {strategy: {type: RollingUpdate}}"),
        Arguments.of(
            "$patch: replace in a list replaces the list",
            DEP + "spec: {template: {spec: {containers: [{name: a}, {name: b}]}}}",
            DEP + "spec: {template: {spec: {containers: [{$patch: replace}, {name: c}]}}}",
            DEP + "spec: {template: {spec: {containers: [{name: c}]}}}"),
        Arguments.of(
            "finalizers (primitive merge list) take the union",
            DEP + "metadata: {finalizers: [a, b]}",
            DEP + "metadata: {finalizers: [c, b]}",
            DEP + "metadata: {finalizers: [c, b, a]}"),
        Arguments.of(
            "ports merge on containerPort and protocol, other ports are kept",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 80,"
                + " protocol: TCP}, {containerPort: 81}]}]}}}",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 80,"
                + " protocol: TCP, name: http}]}]}}}",
            DEP
                + "spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 80,"
                + " protocol: TCP, name: http}, {containerPort: 81}]}]}}}"),
        Arguments.of(
            "lists of kinds without a schema are replaced",
            CR + "spec: {items: [{name: a}]}",
            CR + "spec: {items: [{name: b}]}",
            CR + "spec: {items: [{name: b}]}"),
        Arguments.of(
            "$patch: delete on the object deletes it", DEP + "a: 1", DEP + "$patch: delete", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("merges like kustomize")
  void merges(String name, String dest, String patch, String expected) {
    JsonNode d = YamlReader.readOne(dest, "dest");
    JsonNode p = YamlReader.readOne(patch, "patch");
    Gvk g = Gvk.of(d.get("apiVersion").asText(), d.get("kind").asText());
    JsonNode out = StrategicMerge.merge(d, p, new SchemaRegistry().forGvk(g));
    if (expected == null) {
      assertThat(out == null || out.isEmpty()).isTrue();
    } else {
      assertThat(out).isEqualTo(YamlReader.readOne(expected, "expected"));
    }
  }
}
