package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tag list pagination by {@code Link: <...>; rel="next"} (what registries such as Distribution 3,
 * Harbor and GHCR send). Distribution 2.8 does not page tags, so a small HTTP server on 127.0.0.1
 * plays the registry's part here.
 */
class TagPagingTest {

  @Test
  @DisplayName("follows Link rel=next across pages and keeps the order")
  void followsLinks() throws Exception {
    List<String> queries = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext(
        "/v2/app/tags/list",
        ex -> {
          String q = ex.getRequestURI().getQuery();
          queries.add(q);
          String body;
          if (q.contains("last=b")) {
            body = "{\"name\":\"app\",\"tags\":[\"c\"]}";
          } else {
            body = "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}";
            ex.getResponseHeaders().add("Link", "</v2/app/tags/list?n=2&last=b>; rel=\"next\"");
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    try {
      OciClient client = new OciClient(OciClientOptions.builder().insecure(true).build());
      OciReference ref = OciReference.parse("127.0.0.1:" + server.getAddress().getPort() + "/app");
      assertThat(client.listTags(ref, 2)).containsExactly("a", "b", "c");
      assertThat(queries).containsExactly("n=2", "n=2&last=b");
    } finally {
      server.stop(0);
    }
  }
}
