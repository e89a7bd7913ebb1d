package io.capstan.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogFileTest {

  @TempDir Path dir;

  @Test
  @DisplayName("a log that does not exist yet counts 0 requests")
  void missing() throws IOException {
    assertThat(RequestLogFile.count(dir.resolve("none.log"))).isZero();
    assertThat(RequestLogFile.since(dir.resolve("none.log"), 0)).isEmpty();
  }

  @Test
  @DisplayName("complete lines are counted; a line still being written is left out")
  void partialLastLine() throws IOException {
    Path log = dir.resolve("requests.log");
    Files.writeString(
        log,
        "1700000000000 GET /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/bench/kustomizations/k0\n"
            + "1700000000040 PATCH /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/bench/"
            + "kustomizations/k0/status?fieldManager=kustomize-controller\n"
            + "1700000000050 GE");
    assertThat(RequestLogFile.count(log)).isEqualTo(2);
    Files.writeString(
        log,
        "T /api/v1/namespaces/bench/secrets?labelSelector=owner\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(RequestLogFile.count(log)).isEqualTo(3);
  }

  @Test
  @DisplayName("entries from an offset: time, method, and the shape without the query")
  void entriesSince() throws IOException {
    Path log = dir.resolve("requests.log");
    Files.writeString(
        log,
        "1 GET /a\n"
            + "1700000000040 PATCH /apis/x/v1/namespaces/bench/things/k0/status?fieldManager=m\n"
            + "1700000000090 LIST\n");
    var entries = RequestLogFile.since(log, 1);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).epochMillis()).isEqualTo(1700000000040L);
    assertThat(entries.get(0).method()).isEqualTo("PATCH");
    assertThat(entries.get(0).shape())
        .isEqualTo("PATCH /apis/x/v1/namespaces/bench/things/k0/status");
    assertThat(entries.get(1).target()).isEmpty();
    assertThat(RequestLogFile.since(log, 10)).isEmpty();
  }
}
