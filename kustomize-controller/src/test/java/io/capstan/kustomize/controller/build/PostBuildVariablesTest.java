package io.capstan.kustomize.controller.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code postBuild} substitution over rendered objects. */
class PostBuildVariablesTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  @DisplayName(
      "objects are substituted in kustomize's YAML (unquoted numbers stay numbers, quoted strings"
          + " strings) unless labelled or annotated substitute: disabled")
  void skipsDisabledObjects() throws Exception {
    JsonNode plain = YAML.readTree("kind: ConfigMap\nmetadata: {name: a}\ndata: {k: '${env}'}\n");
    JsonNode off =
        YAML.readTree(
            "kind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n"
                + "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata: {k: '${env}'}\n");
    JsonNode replicas = YAML.readTree("kind: Deployment\nspec: {replicas: '${n}'}\n");
    JsonNode quoted = YAML.readTree("kind: ConfigMap\ndata: {k: '3', v: 'true'}\n");

    List<JsonNode> result =
        PostBuildVariables.apply(
            List.of(plain, off, replicas, quoted), Map.of("env", "prod", "n", "3"), false);

    assertThat(result.get(0).at("/data/k").asText()).isEqualTo("prod");
    assertThat(result.get(1).at("/data/k").asText()).isEqualTo("${env}");
    assertThat(result.get(2).at("/spec/replicas").isInt()).isTrue();
    assertThat(result.get(2).at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(result.get(3).at("/data/k").isTextual()).isTrue();
    assertThat(result.get(3).at("/data/v").isTextual()).isTrue();
  }

  @Test
  @DisplayName(
      "strict substitution names the object whose unset variable has no default; lenient"
          + " substitution makes it empty")
  void strictNamesTheObject() throws Exception {
    JsonNode cm =
        YAML.readTree("kind: ConfigMap\nmetadata: {name: cfg}\ndata: {k: 'a${region}b'}\n");

    assertThatThrownBy(() -> PostBuildVariables.apply(List.of(cm), Map.of("x", "1"), true))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "post build failed for 'cfg': variable substitution failed: variable not set (strict"
                + " mode): \"region\"");
    assertThat(PostBuildVariables.apply(List.of(cm), Map.of("x", "1"), false).get(0).at("/data/k"))
        .hasToString("\"ab\"");
  }
}
