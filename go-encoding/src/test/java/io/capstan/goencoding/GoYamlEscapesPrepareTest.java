package io.capstan.goencoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoYamlEscapesPrepareTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "k: \"a\\Lb\"|k: \"a\\u2028b\"",
        "k: \"a\\Pb\\'c\"|k: \"a\\u2029b'c\"",
        "- \"a\\\tb\"|- \"a\\tb\"",
        "\"a\\Lb\": x|\"a\\u2028b\": x",
        "k: !!str \"\\L\"|k: !!str \"\\u2028\"",
        "k: &a \"\\L\"|k: &a \"\\u2028\"",
        "k: [\"\\L\", 'x\\L', y\\L]|k: [\"\\u2028\", 'x\\L', y\\L]",
        "k: {a: \"\\L\"}|k: {a: \"\\u2028\"}",
        "k: a\\L \"b\\L\"|k: a\\L \"b\\L\"",
        "k: 'it''s \"\\L\"'|k: 'it''s \"\\L\"'",
        "k: x # \"\\L\"|k: x # \"\\L\"",
        "# \"\\L\"|# \"\\L\"",
        "k: \"a\\\\Lb\"|k: \"a\\\\Lb\"",
        "k: \"a\\\"\\L\"|k: \"a\\\"\\u2028\"",
      })
  @DisplayName("rewrites go-yaml-only escapes in double-quoted scalars only")
  void oneLine(String in, String out) {
    assertThat(GoYamlEscapes.prepare(in).text()).isEqualTo(out);
  }

  @Test
  @DisplayName("block scalars, multi-line quoted scalars and document markers")
  void structure() {
    String in =
        "a: |\n  \"x\\L\"\n\n  more \"\\P\"\nb: \"y\\L\n  z\\P\"\n- |2\n   \"\\L\"\nc: >-\n"
            + "  folded\nd: \"\\L\"\n--- |\n \"\\L\"\n---\ne: \"\\'\"\n";
    String out =
        "a: |\n  \"x\\L\"\n\n  more \"\\P\"\nb: \"y\\u2028\n  z\\u2029\"\n- |2\n   \"\\L\"\nc: >-\n"
            + "  folded\nd: \"\\u2028\"\n--- |\n \"\\L\"\n---\ne: \"'\"\n";
    GoYamlEscapes.Prepared p = GoYamlEscapes.prepare(in);
    assertThat(p.text()).isEqualTo(out);
    assertThat(p.rewrites()).hasSize(4);
    for (int r : p.rewrites()) {
      // the backslash of a rewritten escape, or the apostrophe that \' became
      assertThat(p.text().charAt(r)).isIn('\\', '\'');
    }
  }

  @Test
  @DisplayName("rewrite positions are code point indexes; confirmed only inside the given spans")
  void positionsAndConfirmation() {
    String in = "k: \"\uD83D\uDE00\\L\"\nm: \"\\P\"\n";
    GoYamlEscapes.Prepared p = GoYamlEscapes.prepare(in);
    assertThat(p.text()).isEqualTo("k: \"\uD83D\uDE00\\u2028\"\nm: \"\\u2029\"\n");
    // k: "😀\u2028" -> the backslash is code point 5; the next line starts at 13, its at 17
    assertThat(p.rewrites()).containsExactly(5, 17);
    assertThat(p.confirmedBy(List.of(new int[] {16, 24}, new int[] {3, 12}))).isTrue();
    assertThat(p.confirmedBy(List.of(new int[] {3, 12}))).isFalse();
    assertThat(GoYamlEscapes.prepare("k: v\n").confirmedBy(List.of())).isTrue();
  }

  @Test
  @DisplayName("finds a \\/ escape inside double-quoted spans only, after an escaped backslash too")
  void slash() {
    String t = "a: \"x\\\\/\"\nb: 'y\\/'\nc: \"z\\/\"\n";
    List<int[]> spans = List.of(new int[] {3, 9}, new int[] {23, 29});
    assertThat(GoYamlEscapes.slashEscape(t, spans)).isEqualTo(t.indexOf("z\\/") + 1);
    assertThat(GoYamlEscapes.slashEscape(t, List.of(new int[] {3, 9}))).isEqualTo(-1);
    assertThat(GoYamlEscapes.slashEscape("a: \"ok\"", List.of(new int[] {3, 7}))).isEqualTo(-1);
  }

  @Test
  @DisplayName("10,000 escapes in 10,000 scalars: one pass, every one rewritten")
  void manyEscapes() {
    StringBuilder b = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int k = 0; k < 10_000; k++) {
      b.append("k").append(k).append(": \"a\\Lb\"\n");
      expected.append("k").append(k).append(": \"a\\u2028b\"\n");
    }
    GoYamlEscapes.Prepared p = GoYamlEscapes.prepare(b.toString());
    assertThat(p.text()).isEqualTo(expected.toString());
    assertThat(p.rewrites()).hasSize(10_000);
  }

  @Test
  @DisplayName("an escape the pass missed is rewritten later; the recorded positions shift")
  void portableAfterThePass() {
    GoYamlEscapes.Prepared p = GoYamlEscapes.prepare("a: \"\\L\"\nb: \"\\P\"\n");
    assertThat(p.rewrites()).containsExactly(4, 16);
    GoYamlEscapes.Prepared q = GoYamlEscapes.prepare("a: \"\\'\\L\"").portable(5);
    assertThat(q).isNull(); // index 5 is the backslash of \L after the rewrite of \' to '
    GoYamlEscapes.Prepared r =
        new GoYamlEscapes.Prepared("a: \"\\L\"\nb: \"\\u2029\"\n", new int[] {12}).portable(5);
    assertThat(r.text()).isEqualTo("a: \"\\u2028\"\nb: \"\\u2029\"\n");
    assertThat(r.rewrites()).containsExactly(4, 16);
    assertThat(r.confirmedBy(List.of(new int[] {3, 11}, new int[] {15, 23}))).isTrue();
  }
}
