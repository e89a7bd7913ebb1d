package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProbeServerTest {

  @Test
  @DisplayName("health probes: /healthz ok, /readyz follows readiness, other paths 404")
  void probes() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (ProbeServer health = ProbeServer.health("127.0.0.1:0", ready::get);
        ProbeServer metrics = ProbeServer.metrics("127.0.0.1:0", () -> "up 1\n")) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + health.address().getPort();
      assertThat(status(client, base + "/healthz")).isEqualTo(200);
      assertThat(status(client, base + "/readyz")).isEqualTo(503);
      ready.set(true);
      assertThat(status(client, base + "/readyz")).isEqualTo(200);
      assertThat(status(client, base + "/other")).isEqualTo(404);
      HttpResponse<String> m =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(m.body()).isEqualTo("up 1\n");
    }
  }

  private static int status(HttpClient client, String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
