package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FluxLogEncoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(
      Level level, String message, Throwable error, Map<String, String> mdc) {
    LoggingEvent event =
        new LoggingEvent(
            "test", context.getLogger("io.capstan.Example"), level, message, error, null);
    event.setMDCPropertyMap(mdc);
    event.setTimeStamp(1_700_000_000_123L);
    return event;
  }

  private static String encode(String encoding, LoggingEvent event) {
    FluxLogEncoder encoder = new FluxLogEncoder();
    encoder.setEncoding(encoding);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"TRACE, trace", "DEBUG, debug", "INFO, info", "WARN, warn", "ERROR, error"})
  @DisplayName("JSON lines carry zap's level names, an ISO 8601 ts, the logger and msg")
  void levels(String level, String zap) throws Exception {
    String line = encode("json", event(Level.toLevel(level), "hello", null, Map.of()));
    assertThat(line).endsWith("\n").doesNotContain("\n\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("level").asText()).isEqualTo(zap);
    assertThat(json.get("ts").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(json.get("logger").asText()).isEqualTo("io.capstan.Example");
    assertThat(json.get("msg").asText()).isEqualTo("hello");
  }

  @Test
  @DisplayName("reconcile fields from the MDC come first, in controller-runtime's order")
  void reconcileFields() throws Exception {
    Map<String, String> mdc =
        Map.of(
            "reconcileID", "r-1",
            "namespace", "apps",
            "name", "web",
            "controller", "kustomization",
            "controllerKind", "Kustomization",
            "controllerGroup", "kustomize.toolkit.fluxcd.io",
            "extra", "x");
    JsonNode json = JSON.readTree(encode("json", event(Level.INFO, "done", null, mdc)));
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "level",
            "ts",
            "logger",
            "msg",
            "controller",
            "controllerGroup",
            "controllerKind",
            "name",
            "namespace",
            "reconcileID",
            "extra");
    assertThat(json.get("name").asText()).isEqualTo("web");
  }

  @Test
  @DisplayName("a throwable becomes error and stacktrace fields; credentials are masked everywhere")
  void errorsAndSecrets() throws Exception {
    Exception error =
        new IllegalStateException("clone of https://git:s3cret@example.com/repo.git failed");
    String line =
        encode(
            "json",
            event(
                Level.ERROR,
                "fetch https://user:hunter2@example.com/a.tar.gz failed",
                error,
                Map.of("url", "https://git:s3cret@example.com/repo.git")));
    assertThat(line).doesNotContain("s3cret").doesNotContain("hunter2");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("msg").asText()).contains("https://***@example.com/a.tar.gz");
    assertThat(json.get("error").asText())
        .startsWith("java.lang.IllegalStateException: clone of https://***@example.com");
    assertThat(json.get("stacktrace").asText()).contains("FluxLogEncoderTest");
    assertThat(json.get("url").asText()).isEqualTo("https://***@example.com/repo.git");
  }

  @Test
  @DisplayName("console encoding: tab-separated time, level, logger, message, then JSON fields")
  void console() {
    String line = encode("console", event(Level.INFO, "applied", null, Map.of("name", "web")));
    assertThat(line)
        .isEqualTo(
            "2023-11-14T22:13:20.123Z\tINFO\tio.capstan.Example\tapplied\t{\"name\":\"web\"}\n");
  }
}
