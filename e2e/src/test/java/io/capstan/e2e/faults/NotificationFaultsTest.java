package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.oci.OciRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix rows (l): notification-controller (its own JVM) forwarding image-reflector's
 * ImagePolicy events (image-reflector its own JVM, {@code --events-addr}) to a {@code generic}
 * Provider behind a FaultProxy (same {@link ImageFixture}). Provider down shorter than the retry
 * window → delivered once after healing; longer → dropped after the bounded retries, as Flux;
 * notification-controller killed → image-reflector's reconciles go on, events after its restart are
 * delivered.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("notification-controller faults: Provider endpoint down, notification-controller down")
class NotificationFaultsTest {

  private static final String POLICY = "webapp";
  private static final Duration SELECT = Duration.ofSeconds(60);

  private ImageFixture fx;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    fx = new ImageFixture(tmp, true);
    fx.startNotification();
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /** Deliveries of the ImagePolicy event that names {@code tag} as the new selection. */
  private long deliveries(String tag) {
    return fx.delivered.stream()
        .filter(b -> b.contains("ImagePolicy") && b.contains("to " + tag + "\""))
        .count();
  }

  private Duration awaitDelivered(String tag, Duration timeout) {
    long start = System.nanoTime();
    await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> deliveries(tag) >= 1);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  @Order(1)
  @DisplayName("baseline: the policy's first selection arrives at the webhook once")
  void baseline() throws Exception {
    fx.client
        .resource(
            """
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata: {name: images, namespace: %s}
            spec:
              providerRef: {name: webhook}
              eventSources:
                - {kind: ImagePolicy, name: "*"}
            """
                .formatted(ImageFixture.NS))
        .serverSideApply();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                fx.client
                        .genericKubernetesResources(
                            "notification.toolkit.fluxcd.io/v1beta3", "Alert")
                        .inNamespace(ImageFixture.NS)
                        .withName("images")
                        .get()
                    != null);
    // notification-controller's informers must know the Alert before the first event
    Thread.sleep(3000);
    fx.push("1.0.0");
    fx.applyImageRepository("webapp", "2s", "2s");
    fx.applyImagePolicy(POLICY, "webapp", ">=1.0.0");
    fx.awaitSelected("webapp", 1, POLICY, "1.0.0", Duration.ofSeconds(120));
    report("notification baseline delivered", awaitDelivered("1.0.0", Duration.ofSeconds(60)));
    System.err.println("[capstan-faults] first delivery: " + fx.delivered.get(0));
  }

  @Test
  @Order(2)
  @DisplayName(
      "Provider endpoint down 4 s (inside the retry window): delivered exactly once after healing;"
          + " the policy was not held up")
  void providerDownShort() throws Exception {
    fx.webhookProxy.down();
    fx.push("1.1.0");
    report(
        "notification provider down: policy selected 1.1.0",
        fx.awaitSelected("webapp", 2, POLICY, "1.1.0", SELECT));
    Thread.sleep(4000);
    assertThat(deliveries("1.1.0")).isZero();
    fx.webhookProxy.up();
    report(
        "notification provider down 4 s -> up, delivered",
        awaitDelivered("1.1.0", Duration.ofSeconds(60)));
    Thread.sleep(10_000);
    assertThat(deliveries("1.1.0")).isEqualTo(1);
  }

  @Test
  @Order(3)
  @DisplayName(
      "Provider endpoint down 40 s (beyond the 5 attempts): the event is dropped, as Flux; the next"
          + " event after healing is delivered once")
  void providerDownLong() throws Exception {
    fx.webhookProxy.down();
    fx.push("1.2.0");
    fx.awaitSelected("webapp", 3, POLICY, "1.2.0", SELECT);
    Thread.sleep(40_000);
    fx.webhookProxy.up();
    fx.push("1.3.0");
    fx.awaitSelected("webapp", 4, POLICY, "1.3.0", SELECT);
    report(
        "notification provider back, next event delivered",
        awaitDelivered("1.3.0", Duration.ofSeconds(60)));
    Thread.sleep(5000);
    System.err.println(
        "[capstan-faults] deliveries of the event sent while down 40 s: " + deliveries("1.2.0"));
    assertThat(deliveries("1.2.0")).isZero();
    assertThat(deliveries("1.3.0")).isEqualTo(1);
  }

  @Test
  @Order(4)
  @DisplayName(
      "notification-controller killed: image-reflector's reconciles go on; after the restart new"
          + " events are delivered once")
  void notificationControllerDown() throws Exception {
    fx.notificationController().killHard();
    fx.push("1.4.0");
    report(
        "notification-controller down: policy selected 1.4.0",
        fx.awaitSelected("webapp", 5, POLICY, "1.4.0", SELECT));
    Thread.sleep(5000);
    assertThat(fx.controller().isAlive()).isTrue();
    fx.startNotificationController();
    long restarted = System.nanoTime();
    // after its /readyz the next event must arrive
    Thread.sleep(5000);
    fx.push("1.5.0");
    fx.awaitSelected("webapp", 6, POLICY, "1.5.0", SELECT);
    awaitDelivered("1.5.0", Duration.ofSeconds(90));
    report(
        "notification-controller restarted -> next event delivered",
        Duration.ofNanos(System.nanoTime() - restarted));
    Thread.sleep(5000);
    System.err.println(
        "[capstan-faults] deliveries of the event sent while notification-controller was down: "
            + deliveries("1.4.0"));
    assertThat(deliveries("1.4.0")).isLessThanOrEqualTo(1);
    assertThat(deliveries("1.5.0")).isEqualTo(1);
  }

  @Test
  @Order(5)
  @DisplayName(
      "Provider endpoint resetting every connection: the event is delivered once by a retry after"
          + " healing")
  void providerResetting() throws Exception {
    int resetsBefore = fx.webhookProxy.resetConnections();
    int acceptedBefore = fx.webhookProxy.acceptedConnections();
    // every connection reset until the sender has met a reset, then none: the retry delivers
    fx.webhookProxy.resetFraction(1.0);
    // the sender may keep a connection alive: drop it often so each attempt needs a new one
    ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor();
    dropper.scheduleWithFixedDelay(fx.webhookProxy::dropConnections, 0, 200, TimeUnit.MILLISECONDS);
    try {
      fx.push("1.6.0");
      fx.awaitSelected("webapp", 7, POLICY, "1.6.0", SELECT);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> fx.webhookProxy.resetConnections() > resetsBefore);
      assertThat(deliveries("1.6.0")).isZero();
      fx.webhookProxy.resetFraction(0.0);
      report(
          "notification provider resetting -> healed, delivered",
          awaitDelivered("1.6.0", Duration.ofSeconds(60)));
      Thread.sleep(5000);
    } finally {
      dropper.shutdownNow();
      fx.webhookProxy.heal();
    }
    int resets = fx.webhookProxy.resetConnections() - resetsBefore;
    System.err.printf(
        "[capstan-faults] provider resetting: %d of %d connections reset%n",
        resets, fx.webhookProxy.acceptedConnections() - acceptedBefore);
    assertThat(resets).isPositive();
    assertThat(deliveries("1.6.0")).isEqualTo(1);
  }
}
