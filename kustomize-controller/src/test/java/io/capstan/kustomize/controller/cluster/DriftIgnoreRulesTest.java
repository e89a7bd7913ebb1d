package io.capstan.kustomize.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.common.IgnoreRule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code spec.ignore} rules: which objects they select and which fields they remove. */
class DriftIgnoreRulesTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: apps
        labels: {tier: frontend}
        annotations: {hpa: enabled, a/b: x}
      spec:
        replicas: 2
        template:
          spec:
            containers:
            - {name: web, image: nginx}
            - {name: side, image: envoy}
      """;

  private static List<IgnoreRule> rules(String yaml) throws Exception {
    return List.of(YAML.readValue(yaml, IgnoreRule[].class));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no target                 | [{paths: [/spec/replicas]}]                                                  | /spec/replicas | true
          kind                      | [{paths: [/spec/replicas], target: {kind: Deployment}}]                      | /spec/replicas | true
          other kind                | [{paths: [/spec/replicas], target: {kind: StatefulSet}}]                     | /spec/replicas | false
          group and version         | [{paths: [/spec/replicas], target: {group: apps, version: v1}}]              | /spec/replicas | true
          name regex                | [{paths: [/spec/replicas], target: {name: "we.*"}}]                          | /spec/replicas | true
          name anchored             | [{paths: [/spec/replicas], target: {name: "we"}}]                            | /spec/replicas | false
          namespace                 | [{paths: [/spec/replicas], target: {namespace: other}}]                      | /spec/replicas | false
          label selector            | [{paths: [/spec/replicas], target: {labelSelector: "tier in (frontend)"}}]   | /spec/replicas | true
          label selector mismatch   | [{paths: [/spec/replicas], target: {labelSelector: "tier=backend"}}]         | /spec/replicas | false
          annotation selector       | [{paths: [/spec/replicas], target: {annotationSelector: "hpa=enabled"}}]     | /spec/replicas | true
          escaped pointer           | [{paths: [/metadata/annotations/a~1b]}]                                      | /metadata/annotations/a~1b | true
          array element             | [{paths: [/spec/template/spec/containers/1]}]                               | /spec/template/spec/containers/1 | true
          """)
  @DisplayName("a rule removes its paths from the objects its target selects, when they exist")
  void removesSelectedFields(String scenario, String rules, String pointer, boolean removed)
      throws Exception {
    JsonNode deployment = YAML.readTree(DEPLOYMENT);

    JsonNode existing = DriftIgnoreRules.strip(List.of(deployment), rules(rules), o -> true).get(0);
    JsonNode created = DriftIgnoreRules.strip(List.of(deployment), rules(rules), o -> false).get(0);

    assertThat(existing.at(pointer).isMissingNode()).isEqualTo(removed);
    assertThat(created.at(pointer).isMissingNode())
        .as("an object not in the cluster yet is created as written")
        .isFalse();
    assertThat(deployment.at(pointer).isMissingNode()).as("input untouched").isFalse();
    assertThat(existing.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("web");
  }

  @Test
  @DisplayName("paths that are not there are ignored; a path that is not a pointer is an error")
  void toleratesMissingPaths() throws Exception {
    JsonNode deployment = YAML.readTree(DEPLOYMENT);

    JsonNode result =
        DriftIgnoreRules.strip(
                List.of(deployment),
                rules(
                    "[{paths: [/spec/absent/x, /spec/replicas/deeper, /spec/template/spec/containers/9]}]"),
                o -> true)
            .get(0);

    assertThat(result).isEqualTo(deployment);
    assertThatThrownBy(
            () ->
                DriftIgnoreRules.strip(List.of(deployment), rules("[{paths: [spec]}]"), o -> true))
        .hasMessage("ignore path 'spec' is not a JSON pointer");
  }
}
