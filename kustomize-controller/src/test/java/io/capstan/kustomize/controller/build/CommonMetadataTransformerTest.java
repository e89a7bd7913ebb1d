package io.capstan.kustomize.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.common.CommonMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code spec.commonMetadata} on built objects. */
class CommonMetadataTransformerTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {team: red, app: web}
        annotations: {note: own}
      spec:
        template:
          metadata:
            labels: {app: web}
      """;

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /metadata/labels/team                | blue
          /metadata/labels/app                 | web
          /metadata/labels/env                 | prod
          /metadata/annotations/note           | common
          /metadata/annotations/owner          | platform
          /spec/template/metadata/labels/team  | <missing>
          """)
  @DisplayName(
      "common labels and annotations are added to every object, win over its own values, and do"
          + " not touch pod templates")
  void setsCommonMetadata(String pointer, String expected) throws Exception {
    CommonMetadata common = new CommonMetadata();
    common.setLabels(Map.of("team", "blue", "env", "prod"));
    common.setAnnotations(Map.of("note", "common", "owner", "platform"));
    JsonNode deployment = YAML.readTree(DEPLOYMENT);

    JsonNode result = CommonMetadataTransformer.apply(List.of(deployment), common).get(0);

    JsonNode value = result.at(pointer);
    assertThat(value.isMissingNode() ? "<missing>" : value.asText()).isEqualTo(expected);
    assertThat(deployment.at("/metadata/labels/team").asText())
        .as("the input is not modified")
        .isEqualTo("red");
  }

  @Test
  @DisplayName("objects without metadata maps get them; no common metadata leaves the list as is")
  void createsMaps() throws Exception {
    CommonMetadata common = new CommonMetadata();
    common.setLabels(Map.of("env", "prod"));
    List<JsonNode> objects = List.of(YAML.readTree("kind: ConfigMap\nmetadata: {name: a}\n"));

    assertThat(CommonMetadataTransformer.apply(objects, common).get(0).at("/metadata/labels/env"))
        .hasToString("\"prod\"");
    assertThat(CommonMetadataTransformer.apply(objects, null)).isSameAs(objects);
    assertThat(CommonMetadataTransformer.apply(objects, new CommonMetadata())).isSameAs(objects);
  }
}
