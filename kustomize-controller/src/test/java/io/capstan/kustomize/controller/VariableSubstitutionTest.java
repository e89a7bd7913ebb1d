package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code postBuild} substitution rules. */
class VariableSubstitutionTest {

  private static final Map<String, String> VARS = Map.of("env", "prod", "empty", "");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock =
          """
          name: ${env}                 | name: prod
          name: ${unset}               | 'name: '
          name: ${unset:=dev}          | name: dev
          name: ${empty:=dev}          | name: dev
          name: ${empty:-dev}          | name: dev
          name: ${empty=dev}           | 'name: '
          name: ${unset-dev}           | name: dev
          name: ${env:=dev}            | name: prod
          name: $${env}                | name: ${env}
          name: $env                   | name: $env
          a-${env}-${env}-b            | a-prod-prod-b
          """)
  @DisplayName("variables, defaults and escapes are replaced as Flux's envsubst does")
  void substitutes(String text, String expected) {
    assertThat(VariableSubstitution.substitute(text, VARS)).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "objects are substituted in kustomize's YAML (unquoted numbers stay numbers, quoted strings"
          + " strings) unless labelled or annotated substitute: disabled")
  void skipsDisabledObjects() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode plain = yaml.readTree("kind: ConfigMap\nmetadata: {name: a}\ndata: {k: '${env}'}\n");
    JsonNode off =
        yaml.readTree(
            "kind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n"
                + "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata: {k: '${env}'}\n");
    JsonNode replicas = yaml.readTree("kind: Deployment\nspec: {replicas: '${n}'}\n");
    JsonNode quoted = yaml.readTree("kind: ConfigMap\ndata: {k: '3', v: 'true'}\n");

    List<JsonNode> result =
        PostBuildVariables.apply(
            List.of(plain, off, replicas, quoted), Map.of("env", "prod", "n", "3"));

    assertThat(result.get(0).at("/data/k").asText()).isEqualTo("prod");
    assertThat(result.get(1).at("/data/k").asText()).isEqualTo("${env}");
    assertThat(result.get(2).at("/spec/replicas").isInt()).isTrue();
    assertThat(result.get(2).at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(result.get(3).at("/data/k").isTextual()).isTrue();
    assertThat(result.get(3).at("/data/v").isTextual()).isTrue();
  }
}
