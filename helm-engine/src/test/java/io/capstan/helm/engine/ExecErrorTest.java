package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Helm v4's execution error texts (engine.reformatExecErrorMsg). Expected strings were printed by
 * the real helm v4.3.2 binary on the same templates.
 */
class ExecErrorTest {

  @Test
  @DisplayName("a chain of template errors is printed one location per block")
  void traces() {
    assertThat(
            Renderer.cleanupExecError(
                "err/templates/cm.yaml",
                "template: err/templates/cm.yaml:2:31: executing \"err/templates/cm.yaml\" at"
                    + " <include \"x\" .Values>: error calling include: template:"
                    + " err/templates/_h.tpl:1:22: executing \"x\" at <.a.b.c>: nil pointer"
                    + " evaluating interface {}.b"))
        .isEqualTo(
            "err/templates/cm.yaml:2:31\n"
                + "  executing \"err/templates/cm.yaml\" at <include \"x\" .Values>:\n"
                + "    error calling include:\n"
                + "err/templates/_h.tpl:1:22\n"
                + "  executing \"x\" at <.a.b.c>:\n"
                + "    nil pointer evaluating interface {}.b");
  }

  @Test
  @DisplayName("an error of another function keeps the whole message")
  void functionErrorsStay() {
    String msg =
        "template: err/templates/cm.yaml:4:34: executing \"err/templates/cm.yaml\" at <include"
            + " \"y\" .>: error calling include: template: err/templates/cm.yaml:5:20: executing"
            + " \"y\" at <index (list 1) 5>: error calling index: index out of range: 5";
    assertThat(Renderer.cleanupExecError("err/templates/cm.yaml", msg)).isEqualTo(msg);
  }

  @Test
  @DisplayName("fail and required show only their message at the outermost location")
  void failMessage() {
    assertThat(
            Renderer.cleanupExecError(
                "err/templates/cm.yaml",
                "template: err/templates/cm.yaml:7:32: executing \"err/templates/cm.yaml\" at"
                    + " <include \"z\" .>: error calling include: template: err/templates/cm.yaml:8:20:"
                    + " executing \"z\" at <fail \"boom\">: error calling fail: "
                    + HelmFunctions.WARN_START
                    + "boom"
                    + HelmFunctions.WARN_END))
        .isEqualTo("execution error at (err/templates/cm.yaml:7:32): boom");
  }
}
