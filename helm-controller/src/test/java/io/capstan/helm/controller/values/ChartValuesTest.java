package io.capstan.helm.controller.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.helm.v2.ValuesReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartValuesTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final Map<String, Map<String, String>> OBJECTS =
      Map.of(
          "ConfigMap/base",
          Map.of(
              "values.yaml",
              "replicaCount: 1\nimage:\n  repository: nginx\n  tag: '1.0'\nlist: [a, b]\n",
              "other.yaml",
              "replicaCount: 5\n",
              "tag",
              "2.0",
              "quoted",
              "'007'",
              "broken",
              "a: [unclosed\n"),
          "Secret/creds",
          Map.of("values.yaml", "image:\n  tag: '3.0'\nsecret: s3cr3t\n", "password", "p,w"));

  private static Map<String, Object> compose(String refsYaml, String valuesYaml) throws Exception {
    List<ValuesReference> refs =
        refsYaml == null ? List.of() : YAML.readValue(refsYaml, new TypeReference<>() {});
    JsonNode values = valuesYaml == null ? null : YAML.readTree(valuesYaml);
    return ChartValues.compose(
        "apps", refs, values, (kind, name) -> OBJECTS.get(kind + "/" + name));
  }

  @Test
  @DisplayName("merges valuesFrom in order, then spec.values last (Flux's merge order)")
  void mergeOrder() throws Exception {
    Map<String, Object> values =
        compose(
            """
            - {kind: ConfigMap, name: base}
            - {kind: Secret, name: creds}
            """,
            "image: {pullPolicy: Always}\nreplicaCount: 3\n");
    assertThat(values)
        .containsEntry("replicaCount", 3.0)
        .containsEntry("secret", "s3cr3t")
        .containsEntry("list", List.of("a", "b"));
    assertThat(values.get("image"))
        .isEqualTo(Map.of("repository", "nginx", "tag", "3.0", "pullPolicy", "Always"));
  }

  @DisplayName("targetPath sets one value with Helm's --set parsers")
  @ParameterizedTest(name = "{0} from key {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "image.tag     | tag      | false | 2.0",
        "image.tag     | quoted   | false | 007",
        "auth.password | password | true  | p,w",
      })
  void targetPath(String path, String key, boolean literal, String expected) throws Exception {
    Map<String, Object> values =
        compose(
            "- {kind: ConfigMap, name: base}\n"
                + "- {kind: "
                + (key.equals("password") ? "Secret, name: creds" : "ConfigMap, name: base")
                + ", valuesKey: "
                + key
                + ", targetPath: "
                + path
                + ", literal: "
                + literal
                + "}\n",
            null);
    String[] parts = path.split("\\.");
    @SuppressWarnings("unchecked")
    Map<String, Object> parent = (Map<String, Object>) values.get(parts[0]);
    assertThat(String.valueOf(parent.get(parts[1]))).isEqualTo(expected);
  }

  @Test
  @DisplayName("an unquoted targetPath value is typed as Helm's --set types it")
  void typedSet() throws Exception {
    Map<String, Object> values =
        compose(
            """
            - {kind: ConfigMap, name: base, valuesKey: tag, targetPath: version}
            - {kind: Secret, name: creds, valuesKey: values.yaml, targetPath: raw}
            """,
            null);
    assertThat(values.get("version")).isEqualTo("2.0");
    assertThat(values.get("raw")).isEqualTo("image:\n  tag: '3.0'\nsecret: s3cr3t\n");
  }

  @Test
  @DisplayName("optional references that are missing are skipped")
  void optional() throws Exception {
    Map<String, Object> values =
        compose(
            """
            - {kind: ConfigMap, name: absent, optional: true}
            - {kind: ConfigMap, name: base, valuesKey: nope.yaml, optional: true}
            - {kind: ConfigMap, name: base, valuesKey: other.yaml}
            """,
            null);
    assertThat(values).isEqualTo(Map.of("replicaCount", 5.0));
  }

  @DisplayName("a required reference that cannot be resolved fails with Flux's message")
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{kind: ConfigMap, name: absent}"
            + " | could not resolve ConfigMap chart values reference 'apps/absent' with key"
            + " 'values.yaml': resource not found",
        "{kind: Secret, name: creds, valuesKey: nope}"
            + " | could not resolve Secret chart values reference 'apps/creds' with key 'nope':"
            + " key not found",
        "{kind: ConfigMap, name: base, valuesKey: broken}"
            + " | could not resolve ConfigMap chart values reference 'apps/base' with key"
            + " 'broken': ",
      })
  void unresolved(String ref, String message) {
    assertThatThrownBy(() -> compose("- " + ref + "\n", null))
        .isInstanceOf(ValuesReferenceException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  @DisplayName("config digest: sha256 of the values as sigs.k8s.io/yaml writes them")
  void digest() throws Exception {
    // printf 'image:\n  tag: v1\nreplicaCount: 2\n' | sha256sum
    String expected = "sha256:824254f86a46eabfa37dcc0e8499aabbc65609c5f6d405fcdcabd07aedf451d2";
    assertThat(ChartValues.digest(compose(null, "replicaCount: 2\nimage: {tag: v1}\n")))
        .isEqualTo(expected);
    assertThat(ChartValues.digest(compose(null, "image: {tag: v1}\nreplicaCount: 2\n")))
        .isEqualTo(expected);
    assertThat(ChartValues.digest(compose(null, "replicaCount: 3\nimage: {tag: v1}\n")))
        .isNotEqualTo(expected);
  }
}
