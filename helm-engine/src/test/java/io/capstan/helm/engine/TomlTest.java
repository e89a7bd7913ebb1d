package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * toToml / fromToml against BurntSushi/toml v1.6 as Helm v4.3.2 uses it. Expected strings were
 * printed by the real helm binary (the {@code differential/toml} chart holds the larger cases).
 */
class TomlTest {

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  @DisplayName("encodes nested tables, arrays of tables, quoted keys and float64 numbers")
  void encodes() throws Exception {
    Map<String, Object> v =
        map(
            "b",
            map("c", 1.0, "d", map("e", "x")),
            "a",
            2.5,
            "list",
            List.of(map("n", 1.0), map("n", 2.0)),
            "key with space",
            true);
    assertThat(Toml.encode(v))
        .isEqualTo(
            "a = 2.5\n\"key with space\" = true\n\n[b]\n  c = 1.0\n  [b.d]\n    e = \"x\"\n"
                + "\n[[list]]\n  n = 1.0\n\n[[list]]\n  n = 2.0\n");
  }

  @Test
  @DisplayName("encodes top-level scalars and lists as elements, like BurntSushi")
  void topLevel() throws Exception {
    assertThat(Toml.encode("x")).isEqualTo("\"x\"");
    assertThat(Toml.encode(List.of(1L, 2L))).isEqualTo("[1, 2]");
    assertThat(Toml.encode(map("f", 1.5, "i", 5L, "j", 7))).isEqualTo("f = 1.5\ni = 5\nj = 7\n");
  }

  @Test
  @DisplayName("reports BurntSushi's encoding errors")
  void encodeErrors() {
    assertThatThrownBy(() -> Toml.encode(List.of(map("a", 1L))))
        .hasMessage("toml: top-level values must be Go maps or structs");
    assertThatThrownBy(() -> Toml.encode(map("a", new ArrayList<>(Arrays.asList(1L, null)))))
        .hasMessage("toml: cannot encode array with nil element");
    assertThatThrownBy(() -> Toml.encode(null))
        .hasMessage("reflect: call of reflect.Value.Type on zero Value");
  }

  @Test
  @DisplayName("reads TOML into int64, float64, lists and maps")
  void reads() throws Exception {
    Map<String, Object> m =
        TomlReader.read(
            "a = 1\nb = 2.5\nc = [1, 'x']\n[t.u]\nv = \"\\u00e9\"\n[[arr]]\nx = 1\n[[arr]]\nx = 2\n");
    assertThat(m.get("a")).isEqualTo(1L);
    assertThat(m.get("b")).isEqualTo(2.5);
    assertThat(m.get("c")).isEqualTo(List.of(1L, "x"));
    assertThat(m.get("t")).isEqualTo(map("u", map("v", "é")));
    assertThat(m.get("arr")).isEqualTo(List.of(map("x", 1L), map("x", 2L)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\u0000',
      value = {
        "a = 1\\na = 2|toml: line 2 (last key \"a\"): Key 'a' has already been defined.",
        "a = |toml: line 1 (last key \"a\"): unexpected EOF; expected value",
        "a = 1 b|toml: line 1: expected a top-level item to end with a newline, comment, or EOF,"
            + " but got 'b' instead",
        "[t]\\nx=1\\n[t]\\ny=2|toml: line 3: Key 't' has already been defined.",
        "x = [1,,2]|toml: line 1 (last key \"x\"): unexpected comma",
        "x = \"unterminated|toml: line 1 (last key \"x\"): unexpected EOF; expected '\"'",
        "= 1|toml: line 1: unexpected '=': key name appears blank",
        "x = 0x_1|toml: line 1 (last key \"x\"): not a hexadecimal number: '0x_'",
        "x = tru|toml: line 1 (last key \"x\"): expected value but found \"tru\" instead",
        "[[a]]\\nb=1\\n[a]|toml: line 3: Key 'a' has already been defined."
      })
  @DisplayName("reports BurntSushi's parse errors")
  void readErrors(String doc, String message) {
    assertThatThrownBy(() -> TomlReader.read(doc.replace("\\n", "\n"))).hasMessage(message);
  }
}
