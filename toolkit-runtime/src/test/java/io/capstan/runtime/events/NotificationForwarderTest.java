package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NotificationForwarderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile CountDownLatch hold = new CountDownLatch(0);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int code = 202;
          if (failuresLeft.getAndDecrement() > 0) {
            code = 503;
          } else {
            bodies.add(body);
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          }
          exchange.sendResponseHeaders(code, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    hold.countDown();
    server.stop(0);
  }

  private String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private static FluxEvent event(EventType type, String message, Map<String, String> metadata) {
    return new FluxEvent(
        new ObjectReferenceBuilder()
            .withApiVersion("source.toolkit.fluxcd.io/v1")
            .withKind("GitRepository")
            .withNamespace("flux-system")
            .withName("podinfo")
            .withUid("u-1")
            .build(),
        type,
        "ReconciliationSucceeded",
        message,
        metadata,
        Instant.parse("2026-01-02T03:04:05.678Z"),
        "source-controller");
  }

  @Test
  @DisplayName("posts Flux's Event JSON with severity, timestamp, metadata and reporting fields")
  void postsFluxEventJson() throws Exception {
    try (NotificationForwarder forwarder =
        NotificationForwarder.builder(address()).instance("source-controller-abc").build()) {
      forwarder.accept(
          event(
              EventType.WARNING,
              "fetch failed for https://user:hunter2@example.com/repo.git",
              Map.of("source.toolkit.fluxcd.io/revision", "main@sha1:abc")));
      await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);
    }
    JsonNode e = JSON.readTree(bodies.get(0));
    assertThat(contentTypes.get(0)).isEqualTo("application/json");
    assertThat(e.get("involvedObject").get("kind").asText()).isEqualTo("GitRepository");
    assertThat(e.get("involvedObject").get("namespace").asText()).isEqualTo("flux-system");
    assertThat(e.get("involvedObject").get("name").asText()).isEqualTo("podinfo");
    assertThat(e.get("involvedObject").get("apiVersion").asText())
        .isEqualTo("source.toolkit.fluxcd.io/v1");
    assertThat(e.get("severity").asText()).isEqualTo("error");
    assertThat(e.get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(e.get("reason").asText()).isEqualTo("ReconciliationSucceeded");
    assertThat(e.get("message").asText()).doesNotContain("hunter2").contains("***@example.com");
    assertThat(e.get("metadata").get("source.toolkit.fluxcd.io/revision").asText())
        .isEqualTo("main@sha1:abc");
    assertThat(e.get("reportingController").asText()).isEqualTo("source-controller");
    assertThat(e.get("reportingInstance").asText()).isEqualTo("source-controller-abc");
  }

  @Test
  @DisplayName("retries while the receiver answers 503 and then delivers once")
  void retriesServerErrors() {
    failuresLeft.set(2);
    try (NotificationForwarder forwarder =
        NotificationForwarder.builder(address())
            .backoff(Duration.ofMillis(20), Duration.ofMillis(50))
            .build()) {
      forwarder.accept(event(EventType.NORMAL, "stored artifact", Map.of()));
      await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.delivered() == 1);
      assertThat(bodies).hasSize(1);
      assertThat(JSON.readTree(bodies.get(0)).get("severity").asText()).isEqualTo("info");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("never forwards trace events")
  void skipsTrace() throws Exception {
    try (NotificationForwarder forwarder = NotificationForwarder.builder(address()).build()) {
      forwarder.accept(event(EventType.TRACE, "no change", Map.of()));
      forwarder.accept(event(EventType.NORMAL, "changed", Map.of()));
      await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.delivered() == 1);
    }
    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).contains("changed");
  }

  @Test
  @DisplayName("accept never blocks: a stuck receiver fills the bounded queue, extras are dropped")
  void boundedQueueNeverBlocks() {
    hold = new CountDownLatch(1);
    try (NotificationForwarder forwarder =
        NotificationForwarder.builder(address())
            .queueCapacity(3)
            .attemptTimeout(Duration.ofSeconds(30))
            .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
            .build()) {
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        forwarder.accept(event(EventType.NORMAL, "event " + i, Map.of()));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      // At most one in flight (held by the server) and three queued; the rest dropped. Whether
      // the worker took the first event before the loop filled the queue is a race, so the
      // count of dropped events is 46 or 47.
      assertThat(forwarder.dropped()).isBetween(46L, 47L);
      assertThat(forwarder.pending()).isLessThanOrEqualTo(3);
      hold.countDown();
      // every event not dropped is delivered once the receiver is released
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> forwarder.delivered() + forwarder.dropped() == 50);
      assertThat(forwarder.failed()).isZero();
    }
  }

  @Test
  @DisplayName("an unreachable receiver is given up on after the retries, without throwing")
  void unreachableReceiver() {
    server.stop(0);
    try (NotificationForwarder forwarder =
        NotificationForwarder.builder(address())
            .maxAttempts(2)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
            .attemptTimeout(Duration.ofSeconds(2))
            .build()) {
      forwarder.accept(event(EventType.NORMAL, "x", Map.of()));
      await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.failed() == 1);
    }
  }
}
