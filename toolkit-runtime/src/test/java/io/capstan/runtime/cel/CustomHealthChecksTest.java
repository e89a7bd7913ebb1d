package io.capstan.runtime.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.common.CustomHealthCheck;
import io.capstan.runtime.health.Health;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code healthCheckExprs} evaluated on objects, as Flux's CEL status reader does. */
class CustomHealthChecksTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** The Certificate example of Flux's RFC-0009. */
  private static CustomHealthChecks certificates() {
    CustomHealthCheck check = new CustomHealthCheck();
    check.setApiVersion("cert-manager.io/v1");
    check.setKind("Certificate");
    check.setInProgress(
        "status.conditions.filter(e, e.type == 'Issuing').all(e, e.observedGeneration =="
            + " metadata.generation && e.status == 'True')");
    check.setFailed(
        "status.conditions.filter(e, e.type == 'Ready').all(e, e.observedGeneration =="
            + " metadata.generation && e.status == 'False')");
    check.setCurrent(
        "status.conditions.filter(e, e.type == 'Ready').all(e, e.observedGeneration =="
            + " metadata.generation && e.status == 'True')");
    return CustomHealthChecks.compile(List.of(check));
  }

  private static JsonNode certificate(String status) throws Exception {
    return YAML.readTree(
        """
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: tls, generation: 2}
        """
            + status);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          issuing         | InProgress | 'status: {conditions: [{type: Issuing, status: "True", observedGeneration: 2}, {type: Ready, status: "False", observedGeneration: 2}]}'
          failed          | Failed     | 'status: {conditions: [{type: Issuing, status: "False", observedGeneration: 2}, {type: Ready, status: "False", observedGeneration: 2}]}'
          ready           | Current    | 'status: {conditions: [{type: Issuing, status: "False", observedGeneration: 2}, {type: Ready, status: "True", observedGeneration: 2}]}'
          stale condition | InProgress | 'status: {conditions: [{type: Issuing, status: "False", observedGeneration: 2}, {type: Ready, status: "True", observedGeneration: 1}]}'
          no conditions   | InProgress | 'status: {conditions: []}'
          old generation  | InProgress | 'status: {observedGeneration: 1, conditions: [{type: Ready, status: "True", observedGeneration: 2}]}'
          no status       | Unknown    | 'spec: {}'
          """)
  @DisplayName(
      "inProgress, failed, current are evaluated in order and the first true decides (all() over"
          + " no conditions is true); none true or a stale observedGeneration is InProgress; an"
          + " evaluation error is Unknown")
  void assesses(String scenario, String expected, String status) throws Exception {
    Optional<Health> health = certificates().assess(certificate(status));

    assertThat(health).isPresent();
    assertThat(health.get().status()).hasToString(expected);
  }

  @Test
  @DisplayName("kinds without an entry and objects being deleted keep the kstatus rules")
  void leavesOtherKindsToKStatus() throws Exception {
    JsonNode configMap = YAML.readTree("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    JsonNode deleting = certificate("status: {}\n").deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) deleting.get("metadata"))
        .put("deletionTimestamp", "2026-01-01T00:00:00Z");

    assertThat(certificates().assess(configMap)).isEmpty();
    assertThat(certificates().assess(deleting)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          syntax error  | foo.              | failed to create custom status reader for healthchecks[0]: failed to parse the expression InProgress: failed to parse the CEL expression 'foo.': ERROR: <input>:1:5: no viable alternative at input '.'
          not a boolean | metadata.name + 1 | failed to create custom status reader for healthchecks[0]: failed to parse the expression InProgress: failed to parse the CEL expression 'metadata.name + 1'
          unknown name  | self.x            | failed to create custom status reader for healthchecks[0]: failed to parse the expression InProgress: failed to parse the CEL expression 'self.x': ERROR: <input>:1:1: undeclared reference to 'self'
          """)
  @DisplayName("an expression that does not compile is rejected with the entry and field named")
  void rejectsInvalidExpressions(String scenario, String expression, String message) {
    CustomHealthCheck check = new CustomHealthCheck();
    check.setApiVersion("cert-manager.io/v1");
    check.setKind("Certificate");
    check.setCurrent("true");
    check.setInProgress(expression);

    assertThatThrownBy(() -> CustomHealthChecks.compile(List.of(check)))
        .isInstanceOf(CelExpressionException.class)
        .hasMessageStartingWith(message);
  }
}
