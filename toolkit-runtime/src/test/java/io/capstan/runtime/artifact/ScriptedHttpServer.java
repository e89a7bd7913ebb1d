package io.capstan.runtime.artifact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 whose answers follow a script: each request takes the next
 * scripted answer, and once the script is exhausted every request gets the content.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** One scripted answer. */
  record Answer(int status, Duration delay, byte[] body) {
    static Answer status(int status) {
      return new Answer(status, Duration.ZERO, ("status " + status).getBytes());
    }

    static Answer slow(Duration delay) {
      return new Answer(200, delay, null);
    }
  }

  private final HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile byte[] content;

  ScriptedHttpServer(byte[] content) throws IOException {
    this.content = content;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  ScriptedHttpServer then(Answer... answers) {
    synchronized (script) {
      script.addAll(java.util.List.of(answers));
    }
    return this;
  }

  void content(byte[] newContent) {
    this.content = newContent;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    Answer answer;
    synchronized (script) {
      answer = script.poll();
    }
    try (exchange) {
      if (answer != null && !answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      int status = answer == null ? 200 : answer.status();
      byte[] body = answer == null || answer.body() == null ? content : answer.body();
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the client went away (e.g. after its timeout): nothing to do
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
