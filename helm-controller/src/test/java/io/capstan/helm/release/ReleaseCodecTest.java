package io.capstan.helm.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code data.release} of a Secret written by {@code helm install} (helm v4.3.2). */
  private static String helmFixture() throws IOException {
    try (InputStream in =
        ReleaseCodecTest.class.getResourceAsStream("/releases/helm-v4.3.2-fixture.v1.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String gunzip(String encoded) throws IOException {
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("a release written by real helm decodes with every field")
  void decodesHelmFixture() throws IOException {
    Release r = ReleaseCodec.decode(helmFixture());
    assertThat(r.name()).isEqualTo("fixture");
    assertThat(r.version()).isEqualTo(1);
    assertThat(r.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(r.info().description()).isEqualTo("Install complete");
    assertThat(r.info().notes()).isEqualTo("fixture installed: revision 1.\n");
    assertThat(r.info().firstDeployed()).isEqualTo(Instant.parse("2026-12-06T11:21:25.847648856Z"));
    assertThat(r.info().deleted()).isNull();
    assertThat(r.chartName()).isEqualTo("demo");
    assertThat(r.chartVersion()).isEqualTo("0.1.0");
    assertThat(r.appVersion()).isEqualTo("1.0.0");
    assertThat(r.config()).containsEntry("message", "fixture");
    assertThat(r.manifest()).startsWith("---\n# Source: demo/templates/configmap.yaml\n");
    assertThat(r.applyMethod()).isEqualTo("ssa");
    assertThat(r.hooks()).hasSize(2);
    HookRecord pre = r.hooks().get(0);
    assertThat(pre.name()).isEqualTo("fixture-pre");
    assertThat(pre.kind()).isEqualTo("ConfigMap");
    assertThat(pre.path()).isEqualTo("demo/templates/hooks.yaml");
    assertThat(pre.events()).containsExactly("pre-install");
    assertThat(pre.weight()).isEqualTo(5);
    assertThat(pre.deletePolicies()).containsExactly("hook-succeeded");
    assertThat(pre.lastRun().phase()).isEqualTo("Succeeded");
    assertThat(pre.lastRun().startedAt()).isBefore(pre.lastRun().completedAt());
    HookRecord test = r.hooks().get(1);
    assertThat(test.isTest()).isTrue();
    assertThat(test.lastRun().phase()).isEmpty();
    assertThat(test.lastRun().startedAt()).isNull();
  }

  @Test
  @DisplayName("re-encoding helm's record loses nothing (JSON trees equal, unknown fields kept)")
  void roundTripHelmFixture() throws IOException {
    String original = gunzip(helmFixture());
    Release r = ReleaseCodec.decode(helmFixture());
    JsonNode again = JSON.readTree(gunzip(ReleaseCodec.encode(r)));
    assertThat(again).isEqualTo(JSON.readTree(original));
  }

  @Test
  @DisplayName("fields this version does not know survive a round trip")
  void unknownFieldsKept() throws IOException {
    String json =
        "{\"name\":\"x\",\"version\":3,\"future\":{\"a\":1},"
            + "\"info\":{\"status\":\"pending-upgrade\",\"later\":true,\"first_deployed\":\"\"},"
            + "\"hooks\":[{\"name\":\"h\",\"last_run\":{\"phase\":\"Running\",\"x\":1},\"y\":2}]}";
    Release r = ReleaseCodec.fromJson(json);
    assertThat(r.status()).isEqualTo(ReleaseStatus.PENDING_UPGRADE);
    assertThat(r.status().isPending()).isTrue();
    assertThat(r.info().firstDeployed()).isNull();
    JsonNode out = JSON.readTree(ReleaseCodec.toJson(r));
    assertThat(out.path("future").path("a").asInt()).isEqualTo(1);
    assertThat(out.path("info").path("later").asBoolean()).isTrue();
    assertThat(out.path("info").has("first_deployed")).isFalse();
    assertThat(out.path("hooks").get(0).path("y").asInt()).isEqualTo(2);
    assertThat(out.path("hooks").get(0).path("last_run").path("x").asInt()).isEqualTo(1);
  }

  @Test
  @DisplayName("Capstan's record round-trips through base64(gzip(json)); plain JSON decodes too")
  void roundTripOwn() {
    Release r =
        new Release()
            .name("app")
            .namespace("apps")
            .version(2)
            .config(Map.of("a", 1))
            .manifest("---\n# Source: x\nkind: ConfigMap\n")
            .hooks(List.of(new HookRecord().name("h").events(List.of("test"))))
            .info(
                new Info()
                    .status(ReleaseStatus.SUPERSEDED)
                    .description("Superseded")
                    .firstDeployed(Instant.parse("2026-01-02T03:04:05.120Z")));
    Release back = ReleaseCodec.decode(ReleaseCodec.encode(r));
    assertThat(ReleaseCodec.toJson(back)).isEqualTo(ReleaseCodec.toJson(r));
    assertThat(ReleaseCodec.toJson(r)).contains("\"first_deployed\":\"2026-01-02T03:04:05.12Z\"");
    assertThat(ReleaseCodec.toJson(r)).contains("\"last_run\":{\"phase\":\"\"}");
    String plain =
        Base64.getEncoder().encodeToString(ReleaseCodec.toJson(r).getBytes(StandardCharsets.UTF_8));
    assertThat(ReleaseCodec.decode(plain).version()).isEqualTo(2);
  }

  @Test
  @DisplayName("undecodable data is rejected with the reason")
  void rejectsGarbage() {
    assertThatThrownBy(() -> ReleaseCodec.decode("%%%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not base64");
    assertThatThrownBy(
            () -> ReleaseCodec.decode(Base64.getEncoder().encodeToString("[1]".getBytes())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a release");
  }

  @ParameterizedTest
  @CsvSource({
    "2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z",
    "2026-01-02T03:04:05.100Z, 2026-01-02T03:04:05.1Z",
    "2026-01-02T03:04:05.123456789Z, 2026-01-02T03:04:05.123456789Z",
    "2026-01-02T03:04:05.000001Z, 2026-01-02T03:04:05.000001Z"
  })
  @DisplayName("times are written as Go's RFC3339Nano")
  void goTime(String instant, String expected) {
    assertThat(GoTime.format(Instant.parse(instant))).isEqualTo(expected);
    assertThat(GoTime.parse(expected)).isEqualTo(Instant.parse(instant));
  }

  @Test
  @DisplayName("times with an offset (helm run outside UTC) parse")
  void goTimeOffset() {
    assertThat(GoTime.parse("2026-01-02T04:04:05.5+01:00"))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
  }
}
