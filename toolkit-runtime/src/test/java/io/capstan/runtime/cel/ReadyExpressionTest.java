package io.capstan.runtime.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code dependsOn[].readyExpr} over {@code self} and {@code dep}. */
class ReadyExpressionTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** The lockstep example of Flux's docs. */
  private static final String LOCKSTEP =
      "dep.metadata.labels['app/version'] == self.metadata.labels['app/version'] &&"
          + " dep.status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True') &&"
          + " dep.metadata.generation == dep.status.observedGeneration";

  private static JsonNode kustomization(String version, String ready, int observed)
      throws Exception {
    return YAML.readTree(
        """
        metadata:
          name: k
          generation: 3
          labels: {app/version: %s}
        status:
          observedGeneration: %d
          conditions: [{type: Ready, status: "%s"}]
        """
            .formatted(version, observed, ready));
  }

  @ParameterizedTest(name = "dep {0}/{1}/{2} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          v1.2.3 | True  | 3 | true
          v1.2.2 | True  | 3 | false
          v1.2.3 | False | 3 | false
          v1.2.3 | True  | 2 | false
          """)
  @DisplayName(
      "the lockstep expression of Flux's docs holds only for a ready dependency of the same version")
  void evaluatesLockstep(String version, String ready, int observed, boolean expected)
      throws Exception {
    ReadyExpression expression = ReadyExpression.compile("backend", LOCKSTEP);

    assertThat(
            expression.isReady(
                kustomization("v1.2.3", "True", 3), kustomization(version, ready, observed)))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "an expression over unknown variables does not compile; a missing field fails evaluation")
  void rejectsInvalid() throws Exception {
    assertThatThrownBy(
            () -> ReadyExpression.compile("backend", "self.generation == deps.generation"))
        .isInstanceOf(CelExpressionException.class)
        .hasMessageStartingWith(
            "failed to evaluate dependency backend: failed to parse the CEL expression");
    ReadyExpression missing = ReadyExpression.compile("backend", "dep.status.absent == 'x'");
    assertThatThrownBy(
            () -> missing.isReady(kustomization("a", "True", 3), kustomization("a", "True", 3)))
        .isInstanceOf(CelExpressionException.class)
        .hasMessageContaining("absent");
  }
}
