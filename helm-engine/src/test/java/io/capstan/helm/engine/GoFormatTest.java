package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's strconv/encoding/json number and string formatting. */
class GoFormatTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.0, 1",
    "1.5, 1.5",
    "1000000.0, 1e+06",
    "123456789.5, 1.234567895e+08",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "-2.5, -2.5",
    "100000.0, 100000"
  })
  void formatG(double d, String want) {
    assertThat(GoFormat.formatFloat(d, 'g', -1)).isEqualTo(want);
  }

  @ParameterizedTest(name = "json {0} -> {1}")
  @CsvSource({"1000000.0, 1000000", "1e21, 1e+21", "0.0000001, 1e-7", "3.25, 3.25"})
  void jsonFloat(double d, String want) {
    assertThat(GoFormat.jsonFloat(d)).isEqualTo(want);
  }

  @Test
  @DisplayName("json.Marshal: sorted keys, HTML escaping, no spaces")
  void toJson() throws Exception {
    assertThat(GoFormat.toJson(Map.of("b", List.of(1L, 2.5, true), "a", "<x&y>")))
        .isEqualTo("{\"a\":\"\\u003cx\\u0026y\\u003e\",\"b\":[1,2.5,true]}");
  }

  @Test
  @DisplayName("Chart.yaml numbers in string fields read with float32 precision")
  void float32() throws Exception {
    assertThat(GoFormat.formatFloat32(1.10f)).isEqualTo("1.1");
    ChartMetadata md =
        ChartMetadata.parse("apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: 1.10\n");
    assertThat(md.appVersion).isEqualTo("1.1");
  }
}
