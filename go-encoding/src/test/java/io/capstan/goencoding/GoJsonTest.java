package io.capstan.goencoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Go's {@code encoding/json} output. Expected values were printed by go1.26.8 ({@code
 * json.Marshal}, {@code json.MarshalIndent}, a {@code json.Encoder} with {@code
 * SetEscapeHTML(false)}, {@code strconv.FormatFloat}).
 */
class GoJsonTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "html characters | a<b>&c | \"a\\u003cb\\u003e\\u0026c\" | \"a<b>&c\"",
        "short escapes | 'tab\tnl\ncr\rbs\bff\f' | \"tab\\tnl\\ncr\\rbs\\bff\\f\""
            + " | \"tab\\tnl\\ncr\\rbs\\bff\\f\"",
        "control characters, DEL kept | '\u0002\u0001\u001f\u007f' | \"\\u0002\\u0001\\u001f\u007f\""
            + " | \"\\u0002\\u0001\\u001f\u007f\"",
        "quote and backslash | q\"b\\ | \"q\\\"b\\\\\" | \"q\\\"b\\\\\"",
        "line and paragraph separators | '\u2028\u2029' | \"\\u2028\\u2029\" | \"\\u2028\\u2029\"",
        "non-ASCII as is | é😀 | \"é😀\" | \"é😀\"",
        "a lone surrogate is invalid UTF-8 | 'a\ud800b' | \"a\\ufffdb\" | \"a\\ufffdb\"",
        "a lone low surrogate | 'a\udc00' | \"a\\ufffd\" | \"a\\ufffd\"",
        "slash as is | / | \"/\" | \"/\"",
      })
  @DisplayName("strings are escaped as Go escapes them, with and without HTML escaping")
  void strings(String name, String input, String marshal, String noHtml) {
    assertThat(GoJson.marshal(input)).isEqualTo(marshal);
    assertThat(GoJson.marshal(input, false)).isEqualTo(noHtml);
    assertThat(GoJson.quote(input, true)).isEqualTo(marshal);
  }

  @Test
  @DisplayName("NUL is escaped as \\u0000")
  void nul() {
    assertThat(GoJson.marshal("a\u0000")).isEqualTo("\"a\\u0000\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // value, json.Marshal(float64), json.Marshal(float32), FormatFloat 'g' 64, 'g' 32, 'e' 64
    "2.5, 2.5, 2.5, 2.5, 2.5, 2.5e+00",
    "1e21, 1e+21, 1e+21, 1e+21, 1e+21, 1e+21",
    "1e-7, 1e-7, 1e-7, 1e-07, 1e-07, 1e-07",
    "100, 100, 100, 100, 100, 1e+02",
    "0.1, 0.1, 0.1, 0.1, 0.1, 1e-01",
    "1e20, 100000000000000000000, 100000000000000000000, 1e+20, 1e+20, 1e+20",
    "123456789012345680000, 123456789012345680000, 123456790000000000000,"
        + " 1.2345678901234568e+20, 1.2345679e+20, 1.2345678901234568e+20",
    "1e-6, 0.000001, 0.000001, 1e-06, 1e-06, 1e-06",
    "0.000001234, 0.000001234, 0.000001234, 1.234e-06, 1.234e-06, 1.234e-06",
    "5e-324, 5e-324, 0, 5e-324, 0, 5e-324",
    "0, 0, 0, 0, 0, 0e+00",
    "-0.0, -0, -0, -0, -0, -0e+00",
    // Java 17's Double.toString gives 2.82879384806159008E17 here (JDK-4511638)
    "2.82879384806159e17, 282879384806159000, 282879380000000000, 2.82879384806159e+17,"
        + " 2.8287938e+17, 2.82879384806159e+17",
    "1e23, 1e+23, 1e+23, 1e+23, 1e+23, 1e+23",
    "9007199254740993, 9007199254740992, 9007199000000000, 9.007199254740992e+15, 9.007199e+15,"
        + " 9.007199254740992e+15",
    "0.3, 0.3, 0.3, 0.3, 0.3, 3e-01",
    "1.7976931348623157e308, 1.7976931348623157e+308, , 1.7976931348623157e+308, +Inf,"
        + " 1.7976931348623157e+308",
    "4.35, 4.35, 4.35, 4.35, 4.35, 4.35e+00",
    "33554432.5, 33554432.5, 33554432, 3.35544325e+07, 3.3554432e+07, 3.35544325e+07",
  })
  @DisplayName("floats have Go's shortest digits and Go's choice of form")
  void floats(double v, String json64, String json32, String g64, String g32, String e64) {
    assertThat(GoJson.marshal(v)).isEqualTo(json64);
    if (json32 == null) {
      assertThatThrownBy(() -> GoJson.marshal((float) v))
          .isInstanceOf(GoJson.UnsupportedValueException.class)
          .hasMessage("json: unsupported value: +Inf");
    } else {
      assertThat(GoJson.marshal((float) v)).isEqualTo(json32);
    }
    assertThat(GoFloats.format(v, 'g', 64)).isEqualTo(g64);
    assertThat(GoFloats.format(v, 'g', 32)).isEqualTo(g32);
    assertThat(GoFloats.format(v, 'e', 64)).isEqualTo(e64);
  }

  @Test
  @DisplayName("strconv's 'g' switches to 'e' at an exponent of 6 for the shortest digits")
  void formatG() {
    assertThat(GoFloats.format(1.10, 'g', 32)).isEqualTo("1.1");
    assertThat(GoFloats.format(1234567, 'g', 32)).isEqualTo("1.234567e+06");
    assertThat(GoFloats.format(123456, 'g', 64)).isEqualTo("123456");
    assertThat(GoFloats.format(0.0001, 'g', 64)).isEqualTo("0.0001");
    assertThat(GoFloats.format(0.00001, 'g', 64)).isEqualTo("1e-05");
    assertThat(GoFloats.format(Double.NaN, 'g', 64)).isEqualTo("NaN");
    assertThat(GoFloats.format(Double.NEGATIVE_INFINITY, 'g', 64)).isEqualTo("-Inf");
  }

  @Test
  @DisplayName("every shortest float64 reads back and is no longer than Java 17's Double.toString")
  void shortestRoundTrips() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
        continue;
      }
      java.math.BigDecimal s = GoFloats.shortest(d, 64);
      assertThat(s.doubleValue()).isEqualTo(d);
      assertThat(s.precision())
          .isLessThanOrEqualTo(
              new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().precision());
    }
  }

  @Test
  @DisplayName("NaN and infinities fail with Go's error")
  void unsupportedFloats() {
    assertThatThrownBy(() -> GoJson.marshal(Double.NaN))
        .isInstanceOf(GoJson.UnsupportedValueException.class)
        .hasMessage("json: unsupported value: NaN");
    assertThatThrownBy(() -> GoJson.marshal(Float.NEGATIVE_INFINITY))
        .hasMessage("json: unsupported value: -Inf");
  }

  private static Map<String, Object> sample() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("k", null);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("b", List.of());
    v.put("a", Map.of());
    v.put("é", 1);
    v.put("z", Arrays.asList(1, "x", nested));
    v.put("\uD83D\uDE00", true);
    v.put("\uffff", false);
    return v;
  }

  @Test
  @DisplayName("maps are written with keys in UTF-8 byte order, compact or indented")
  void mapsAndIndentation() {
    // U+FFFF sorts before U+1F600 in UTF-8 (not in UTF-16)
    assertThat(GoJson.marshal(sample()))
        .isEqualTo(
            "{\"a\":{},\"b\":[],\"z\":[1,\"x\",{\"k\":null}],\"é\":1,\"\uffff\":false,"
                + "\"\uD83D\uDE00\":true}");
    assertThat(GoJson.marshalIndent(sample(), ">", "\t", true))
        .isEqualTo(
            "{\n>\t\"a\": {},\n>\t\"b\": [],\n>\t\"z\": [\n>\t\t1,\n>\t\t\"x\",\n>\t\t{\n"
                + ">\t\t\t\"k\": null\n>\t\t}\n>\t],\n>\t\"é\": 1,\n>\t\"\uffff\": false,\n"
                + ">\t\"\uD83D\uDE00\": true\n>}");
    assertThat(GoJson.encode(List.of("<"))).isEqualTo("[\"\\u003c\"]\n");
    assertThat(GoJson.marshal("hi there".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("\"aGkgdGhlcmU=\"");
  }

  @Test
  @DisplayName("a struct written field by field, nested at a given depth and placed raw")
  void streaming() {
    StringBuilder inner = new StringBuilder();
    new GoJsonWriter(inner, 1)
        .indent("", "  ")
        .beginObject()
        .field("name", "x")
        .key("tags")
        .beginArray()
        .endArray()
        .endObject();
    StringBuilder sb = new StringBuilder();
    new GoJsonWriter(sb).indent("", "  ").beginArray().raw(inner.toString()).value(2).endArray();
    assertThat(sb.toString())
        .isEqualTo("[\n  {\n    \"name\": \"x\",\n    \"tags\": []\n  },\n  2\n]");
    assertThatThrownBy(() -> new GoJsonWriter(new StringBuilder()).beginObject().value(1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("a cycle (nesting deeper than 1000) fails with Go's error instead of overflowing")
  void cycle() {
    List<Object> self = new ArrayList<>();
    self.add(self);
    assertThatThrownBy(() -> GoJson.marshal(self))
        .isInstanceOf(GoJson.UnsupportedValueException.class)
        .hasMessage("json: unsupported value: encountered a cycle");
  }

  @Test
  @DisplayName("unknown types go through the adapter or fail")
  void adapter() {
    Object struct = new Object();
    assertThatThrownBy(() -> GoJson.marshal(struct))
        .isInstanceOf(GoJson.UnsupportedValueException.class)
        .hasMessageStartingWith("json: unsupported type: ");
    StringBuilder sb = new StringBuilder();
    new GoJsonWriter(sb).adapter(o -> Map.of()).value(new ArrayList<>(List.of(struct)));
    assertThat(sb.toString()).isEqualTo("[{}]");
  }

  @Test
  @DisplayName("Jackson trees: objects in node order; asGoAny sorts keys and makes numbers float64")
  void trees() throws Exception {
    JsonNode tree =
        new ObjectMapper()
            .readTree("{\"b\":1,\"a\":[1.5,true,null,\"<\"],\"c\":{\"y\":1e22,\"x\":-0.0}}");
    assertThat(GoJson.marshal(tree))
        .isEqualTo("{\"b\":1,\"a\":[1.5,true,null,\"\\u003c\"],\"c\":{\"y\":1e+22,\"x\":-0}}");
    assertThat(GoJson.marshal(GoJsonTrees.asGoAny(tree)))
        .isEqualTo("{\"a\":[1.5,true,null,\"\\u003c\"],\"b\":1,\"c\":{\"x\":-0,\"y\":1e+22}}");
    assertThat(new GoJsonWriter(new StringBuilder()).treesAsMaps(true).value(tree).out().toString())
        .isEqualTo("{\"a\":[1.5,true,null,\"\\u003c\"],\"b\":1,\"c\":{\"x\":-0,\"y\":1e+22}}");
    JsonNode big = new ObjectMapper().readTree("[12345678901234567890]");
    assertThat(GoJson.marshal(big)).isEqualTo("[12345678901234567890]");
    assertThat(GoJson.marshal(GoJsonTrees.asGoAny(big))).isEqualTo("[12345678901234567000]");
  }
}
