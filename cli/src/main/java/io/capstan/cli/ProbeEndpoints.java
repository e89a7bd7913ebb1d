package io.capstan.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.source.storage.ArtifactServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code --metrics-addr} ({@code /metrics}, Prometheus text) and {@code --health-addr} ({@code
 * /healthz} always ok, {@code /readyz} ok while the controllers run) for {@code capstan run}, on
 * the JDK HTTP server. Other paths get 404.
 *
 * <p>Kept deliberately small: the controllers' common process flags and endpoints are moving into
 * toolkit-runtime, and this class should give way to that.
 */
final class ProbeEndpoints implements AutoCloseable {

  private final HttpServer server;

  private ProbeEndpoints(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves {@code scrape()} at {@code /metrics} on {@code address} ({@code :8080}, {@code h:0}).
   */
  static ProbeEndpoints metrics(String address, Supplier<String> scrape) throws IOException {
    HttpServer server = HttpServer.create(ArtifactServer.parseAddress(address), 8);
    server.createContext("/", exchange -> answer(exchange, 404, "not found"));
    server.createContext(
        "/metrics", exchange -> answer(exchange, exact(exchange, "/metrics"), scrape.get()));
    server.start();
    return new ProbeEndpoints(server);
  }

  /** Serves {@code /healthz} (200) and {@code /readyz} (200 while {@code ready}, else 503). */
  static ProbeEndpoints health(String address, BooleanSupplier ready) throws IOException {
    HttpServer server = HttpServer.create(ArtifactServer.parseAddress(address), 8);
    server.createContext("/", exchange -> answer(exchange, 404, "not found"));
    server.createContext(
        "/healthz", exchange -> answer(exchange, exact(exchange, "/healthz"), "ok"));
    server.createContext(
        "/readyz",
        exchange -> {
          int status = exact(exchange, "/readyz");
          boolean ok = status == 200 && ready.getAsBoolean();
          answer(exchange, status == 200 && !ok ? 503 : status, ok ? "ok" : "not ready");
        });
    server.start();
    return new ProbeEndpoints(server);
  }

  private static int exact(HttpExchange exchange, String path) {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      return 404;
    }
    return "GET".equals(exchange.getRequestMethod()) ? 200 : 405;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      byte[] bytes =
          (status == 200 || status == 503 ? body : "error " + status)
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The bound address. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
