package io.capstan.source.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP forward proxy on 127.0.0.1 for plain-HTTP targets (absolute-URI requests), with
 * optional basic proxy authentication ({@code 407} + {@code Proxy-Authenticate}); it records the
 * URIs it forwarded.
 */
final class ForwardProxy implements AutoCloseable {

  private static final Set<String> HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "proxy-authorization",
          "proxy-connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().build();
  private final String expectedAuth;
  final List<String> forwarded = new CopyOnWriteArrayList<>();

  ForwardProxy(String user, String password) throws IOException {
    this.expectedAuth =
        user == null
            ? null
            : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::forward);
    server.start();
  }

  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      if (expectedAuth != null
          && !expectedAuth.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
        ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
        ex.sendResponseHeaders(407, -1);
        return;
      }
      URI target = ex.getRequestURI();
      if (target.getScheme() == null) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      forwarded.add(ex.getRequestMethod() + " " + target);
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(target)
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase())) {
                  vs.forEach(v -> rb.header(k, v));
                }
              });
      HttpResponse<byte[]> r;
      try {
        r = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1);
        return;
      }
      r.headers()
          .map()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                  vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
              });
      boolean head = ex.getRequestMethod().equals("HEAD");
      byte[] bytes = r.body();
      if (head) {
        r.headers()
            .firstValue("Content-Length")
            .ifPresent(l -> ex.getResponseHeaders().set("Content-Length", l));
        ex.sendResponseHeaders(r.statusCode(), -1);
        return;
      }
      ex.sendResponseHeaders(r.statusCode(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
