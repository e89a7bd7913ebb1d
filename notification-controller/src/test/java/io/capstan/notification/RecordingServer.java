package io.capstan.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server recording every request; answers {@link #status} (default 200). */
public final class RecordingServer implements AutoCloseable {

  /** One recorded request (header names lower case). */
  public record Request(
      String method, String path, String query, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int status = 200;
  private volatile long delayMillis;
  private volatile boolean store = true;
  private volatile String responseBody = "";
  private final AtomicInteger count = new AtomicInteger();

  public RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (delayMillis > 0) {
              try {
                Thread.sleep(delayMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            Map<String, String> headers = new TreeMap<>();
            exchange
                .getRequestHeaders()
                .forEach(
                    (k, v) ->
                        headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int code = failuresLeft.getAndDecrement() > 0 ? 503 : status;
            if (code < 300) {
              count.incrementAndGet();
            }
            if (code < 300 && store) {
              requests.add(
                  new Request(
                      exchange.getRequestMethod(),
                      exchange.getRequestURI().getRawPath(),
                      exchange.getRequestURI().getRawQuery(),
                      headers,
                      body));
            }
            byte[] answer = responseBody.getBytes(StandardCharsets.UTF_8);
            if (code < 300 && answer.length > 0) {
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(code, answer.length);
              exchange.getResponseBody().write(answer);
            } else {
              exchange.sendResponseHeaders(code, -1);
            }
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  /** {@code http://127.0.0.1:<port>} + {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests answered with success so far. */
  public List<Request> requests() {
    return requests;
  }

  /** The body of successful answers from now on. */
  public void respondWith(String body) {
    this.responseBody = body;
  }

  /** Only count requests from now on (benchmarks). */
  public void countOnly() {
    this.store = false;
  }

  /** Successful requests so far, stored or not. */
  public int count() {
    return count.get();
  }

  /** Answer the next {@code n} requests with 503. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  /** The status answered from now on. */
  public void status(int status) {
    this.status = status;
  }

  /** Delay each answer. */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
