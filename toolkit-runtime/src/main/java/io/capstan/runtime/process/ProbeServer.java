package io.capstan.runtime.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A tiny plain-text HTTP endpoint on the JDK server for {@code --metrics-addr} ({@code /metrics})
 * and {@code --health-addr} ({@code /healthz}, {@code /readyz}). Only GET is answered; unknown
 * paths get 404.
 */
public final class ProbeServer implements AutoCloseable {

  private final HttpServer server;

  private ProbeServer(HttpServer server) {
    this.server = server;
  }

  /** Serves Prometheus text from {@code scrape} at {@code /metrics}. */
  public static ProbeServer metrics(String address, Supplier<String> scrape) throws IOException {
    return start(
        address,
        Map.of("/metrics", () -> new Answer(200, scrape.get())),
        "text/plain; version=0.0.4; charset=utf-8");
  }

  /** {@code /healthz} is always ok; {@code /readyz} is ok while {@code ready} holds. */
  public static ProbeServer health(String address, BooleanSupplier ready) throws IOException {
    return start(
        address,
        Map.of(
            "/healthz",
            () -> new Answer(200, "ok"),
            "/readyz",
            () -> ready.getAsBoolean() ? new Answer(200, "ok") : new Answer(503, "not ready")),
        "text/plain; charset=utf-8");
  }

  private record Answer(int status, String body) {}

  private static ProbeServer start(
      String address, Map<String, Supplier<Answer>> routes, String contentType) throws IOException {
    HttpServer server = HttpServer.create(ListenAddress.parse(address), 16);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Supplier<Answer> route = routes.get(exchange.getRequestURI().getPath());
            if (!"GET".equals(exchange.getRequestMethod())) {
              send(exchange, new Answer(405, "method not allowed"), contentType);
            } else if (route == null) {
              send(exchange, new Answer(404, "not found"), contentType);
            } else {
              send(exchange, route.get(), contentType);
            }
          }
        });
    server.start();
    return new ProbeServer(server);
  }

  private static void send(HttpExchange exchange, Answer answer, String contentType)
      throws IOException {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
