package io.capstan.goencoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoYamlScalarsTest {

  /** Expected values read off go-yaml's yaml_emitter_analyze_scalar (emitterc.go). */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "abc        | false | true  | true  | true",
        "a:b        | false | true  | true  | true",
        "a: b       | false | false | true  | true",
        "a:         | false | false | true  | true",
        "a#b        | false | true  | true  | true",
        "a #b       | false | false | true  | true",
        "- a        | false | false | true  | true",
        "-a         | false | true  | true  | true",
        "? a        | false | false | true  | true",
        "*a         | false | false | true  | true",
        "---x       | false | false | true  | true",
        "...x       | false | false | true  | true",
        "` a`       | false | false | true  | true",
        "`a `       | false | false | true  | false",
        "a\\nb      | true  | false | true  | true",
        "a \\nb     | true  | false | false | false",
        "a\\n b     | true  | false | false | true",
        "a\\u0007   | false | false | false | false",
        "a\\u0085b  | true  | false | false | false",
        "a\\u2028b  | true  | false | true  | true",
        "\\uD83D\\uDE00 | false | false | false | false",
        "``         | false | true  | true  | false",
      })
  void analysesLikeGoYaml(
      String raw, boolean multiline, boolean plain, boolean single, boolean block) {
    String s = unescape(raw);
    assertThat(GoYamlScalars.analyze(s))
        .isEqualTo(new GoYamlScalars.Analysis(multiline, plain, single, block));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "27     | \\e",
        "0      | \\0",
        "10     | \\n",
        "133    | \\N",
        "8232   | \\L",
        "31     | \\x1F",
        "65279  | \\uFEFF",
        "128512 | \\U0001F600",
      })
  void escapesLikeGoYaml(int codePoint, String escape) {
    assertThat(GoYamlScalars.needsEscape(codePoint)).isTrue();
    assertThat(GoYamlScalars.escape(codePoint)).isEqualTo(escape);
  }

  @org.junit.jupiter.api.Test
  void doubleQuotesOnlyWhatNeedsIt() {
    assertThat(GoYamlScalars.needsEscape('a')).isFalse();
    assertThat(GoYamlScalars.needsEscape(0xE9)).isFalse();
    assertThat(GoYamlScalars.doubleQuoted("é \"x\"\\\n\t")).isEqualTo("\"é \\\"x\\\"\\\\\\n\\t\"");
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && s.charAt(i + 1) == 'n') {
        b.append('\n');
        i++;
      } else if (c == '\\' && s.charAt(i + 1) == 'u') {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
