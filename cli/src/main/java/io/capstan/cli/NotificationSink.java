package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The webhook the {@code run --local} demo's generic Provider posts to: an HTTP server on loopback
 * that counts the Flux Event JSON bodies it receives and keeps the last one's {@code
 * involvedObject} and {@code reason}, for the Provider's row of the status table.
 */
final class NotificationSink implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicReference<String> last = new AtomicReference<>();

  private NotificationSink(HttpServer server) {
    this.server = server;
  }

  /** Starts the sink on a free loopback port. */
  static NotificationSink start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    NotificationSink sink = new NotificationSink(server);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            sink.record(in.readAllBytes());
          } finally {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          }
        });
    server.start();
    return sink;
  }

  private void record(byte[] body) {
    received.incrementAndGet();
    try {
      JsonNode event = JSON.readTree(body);
      JsonNode object = event.path("involvedObject");
      last.set(
          object.path("kind").asText()
              + "/"
              + object.path("name").asText()
              + " "
              + event.path("reason").asText());
    } catch (IOException | RuntimeException e) {
      last.set("a body that is not an Event");
    }
  }

  /** The address a Provider posts to. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notifications");
  }

  /** What the sink received, for the Provider's row. */
  String summary() {
    int n = received.get();
    return n == 0
        ? "no notification received yet at " + url()
        : n + " notification" + (n == 1 ? "" : "s") + " received, last: " + last.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
