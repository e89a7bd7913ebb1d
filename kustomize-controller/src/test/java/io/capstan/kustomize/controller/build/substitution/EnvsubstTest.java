package io.capstan.kustomize.controller.build.substitution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flux's envsubst operators, escapes, strict mode and syntax errors. */
class EnvsubstTest {

  private static final Map<String, String> VARS =
      Map.of("env", "prod", "empty", "", "name", "Flux", "path", "/usr/local/bin/app.tar.gz");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock =
          """
          ${env}                 | prod
          ${unset}               | ''
          x-${env}-${env}-y      | x-prod-prod-y
          ${#env}                | 4
          ${#unset}              | 0
          ${env^}                | Prod
          ${env^^}               | PROD
          ${name,}               | flux
          ${name,,}              | flux
          ${env:1}               | rod
          ${env:1:2}             | ro
          ${env:1:-1}            | ro
          ${env:9}               | ''
          ${env:x}               | prod
          ${path%.*}             | /usr/local/bin/app.tar
          ${path%%.*}            | /usr/local/bin/app
          ${path#*/}             | usr/local/bin/app.tar.gz
          ${name#F*}             | lux
          ${name##F*}            | ''
          ${env/o/0}             | pr0d
          ${path//\\//-}         | -usr-local-bin-app.tar.gz
          ${env/#pr/PR}          | PRod
          ${env/%od/OD}          | prOD
          ${env/#x/y}            | prod
          ${unset:=dev}          | dev
          ${empty:=dev}          | dev
          ${empty:-dev}          | dev
          ${empty=dev}           | dev
          ${env:=dev}            | prod
          ${unset:=${env}-x}     | prod-x
          $${env}                | ${env}
          $env                   | $env
          a$$b                   | a$b
          cost $5                | cost $5
          """)
  @DisplayName("operators, nested defaults and escapes give what Flux's envsubst gives")
  void evaluates(String text, String expected) {
    assertThat(Envsubst.eval(text, VARS, false)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ${unset}        | variable not set (strict mode): "unset"
          ${#unset}       | variable not set (strict mode): "unset"
          ${unset^^}      | variable not set (strict mode): "unset"
          ${unset/a/b}    | variable not set (strict mode): "unset"
          ${unset:1}      | variable not set (strict mode): "unset"
          """)
  @DisplayName("strict mode rejects an unset variable unless a default operator handles it")
  void strictRejectsUnset(String text, String message) {
    assertThatThrownBy(() -> Envsubst.eval(text, VARS, true))
        .isInstanceOf(EnvsubstException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ${unset:=dev}    | dev
          ${unset:-dev}    | dev
          ${unset=dev}     | dev
          ${empty}         | ''
          ${env}           | prod
          """)
  @DisplayName("strict mode accepts defaults, empty values and set variables")
  void strictAcceptsDefaults(String text, String expected) {
    assertThat(Envsubst.eval(text, VARS, true)).isEqualTo(expected.equals("''") ? "" : expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ${unset-dev}    | missing closing brace
          ${env           | missing closing brace
          ${}             | unable to parse variable name
          ${-x}           | unable to parse variable name
          ${env/a}        | bad substitution
          ${env^^^}       | bad substitution
          """)
  @DisplayName("malformed expressions are errors, as in Flux's parser")
  void rejectsMalformed(String text, String message) {
    assertThatThrownBy(() -> Envsubst.eval(text, VARS, false))
        .isInstanceOf(EnvsubstException.class)
        .hasMessage(message);
  }
}
