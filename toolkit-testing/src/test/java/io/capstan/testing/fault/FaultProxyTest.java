package io.capstan.testing.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each fault of {@link FaultProxy} against a real HTTP server on loopback. */
class FaultProxyTest {

  private static final int BODY = 200_000;

  private HttpServer server;
  private FaultProxy proxy;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/small",
        exchange -> {
          byte[] body = "pong".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/big",
        exchange -> {
          exchange.sendResponseHeaders(200, BODY);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[BODY]);
          }
        });
    server.start();
    proxy = FaultProxy.to("127.0.0.1", server.getAddress().getPort(), 42);
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.stop(0);
  }

  /** A new client per request so every request opens a new connection through the proxy. */
  private HttpResponse<byte[]> get(String path, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
            .timeout(timeout)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long millis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  @DisplayName("without faults the proxy passes requests through")
  void passesThrough() throws Exception {
    HttpResponse<byte[]> response = get("/small", Duration.ofSeconds(10));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body())).isEqualTo("pong");
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
  }

  @Test
  @DisplayName("latency delays every request by at least the configured delay, and heals")
  void latency() throws Exception {
    proxy.latency(Duration.ofMillis(700));
    long start = System.nanoTime();
    assertThat(get("/small", Duration.ofSeconds(20)).statusCode()).isEqualTo(200);
    // At least one chunk each way: the request, and the response.
    assertThat(millis(start)).isGreaterThanOrEqualTo(1400);

    proxy.heal();
    start = System.nanoTime();
    assertThat(get("/small", Duration.ofSeconds(20)).statusCode()).isEqualTo(200);
    assertThat(millis(start)).isLessThan(1400);
  }

  @Test
  @DisplayName("bandwidth limits how fast a body arrives")
  void bandwidth() throws Exception {
    proxy.bandwidth(100_000);
    long start = System.nanoTime();
    HttpResponse<byte[]> response = get("/big", Duration.ofSeconds(30));
    assertThat(response.body()).hasSize(BODY);
    // 200 kB at 100 kB/s: close to two seconds, never instant.
    assertThat(millis(start)).isGreaterThanOrEqualTo(1500);
  }

  @Test
  @DisplayName("a reset fraction of 1 fails every request; 0.5 fails about half")
  void resets() throws Exception {
    proxy.resetFraction(1);
    assertThatThrownBy(() -> get("/small", Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    assertThat(proxy.resetConnections()).isPositive();

    proxy.resetFraction(0.5);
    int failed = 0;
    int total = 40;
    for (int i = 0; i < total; i++) {
      try {
        get("/small", Duration.ofSeconds(5));
      } catch (IOException e) {
        failed++;
      }
    }
    assertThat(failed).isBetween(8, 32);

    proxy.heal();
    assertThat(get("/small", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("down refuses connections on the same port until up")
  void downAndUp() throws Exception {
    int port = proxy.port();
    proxy.down();
    assertThat(proxy.isDown()).isTrue();
    assertThatThrownBy(() -> get("/small", Duration.ofSeconds(5)))
        .isInstanceOf(ConnectException.class);

    proxy.up();
    assertThat(proxy.port()).isEqualTo(port);
    assertThat(get("/small", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("freeze holds a request without failing it; unfreeze delivers it")
  void freeze() throws Exception {
    proxy.freeze();
    CompletableFuture<HttpResponse<byte[]>> pending =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return get("/small", Duration.ofSeconds(30));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1500);
    assertThat(pending).isNotDone();

    proxy.unfreeze();
    assertThat(pending.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("dropConnections closes open connections; a new request still works")
  void drop() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + proxy.port() + "/small");
    client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(proxy.openConnections()).isEqualTo(1);
    proxy.dropConnections();
    assertThat(proxy.openConnections()).isZero();
    assertThat(get("/small", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
  }
}
