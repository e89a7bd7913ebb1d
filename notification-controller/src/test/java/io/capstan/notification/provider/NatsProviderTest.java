package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.capstan.notification.Fixtures;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code nats} Provider against a real {@code nats-server} (Debian package {@code nats-server})
 * on 127.0.0.1 with user/password auth; a raw-protocol subscriber receives what the Provider
 * publishes. Skipped when the binary is not installed.
 */
class NatsProviderTest {

  private static final Path BINARY = Path.of("/usr/sbin/nats-server");
  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));

  private Process server;
  private int port;

  private final NotificationEvent event =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health check <failed>",
          Map.of("revision", "main@sha1:abc"));

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(BINARY), "nats-server is not installed");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server =
        new ProcessBuilder(
                BINARY.toString(),
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "--user",
                "flux",
                "--pass",
                "n4ts-pw")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor();
    }
  }

  private ProviderSettings settings(String password) {
    return ProviderSettings.builder("nats")
        .address("nats://127.0.0.1:" + port)
        .channel("flux.events")
        .username("flux")
        .password(password)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  @DisplayName("nats: the Event JSON is published to the channel subject with user/password")
  void publishes() throws Exception {
    try (Socket sub = new Socket("127.0.0.1", port)) {
      sub.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = sub.getOutputStream();
      assertThat(in.readLine()).startsWith("INFO ");
      out.write(
          ("CONNECT {\"verbose\":false,\"user\":\"flux\",\"pass\":\"n4ts-pw\"}\r\n"
                  + "SUB flux.events 1\r\nPING\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).isEqualTo("PONG");

      // the first server of the list is down: the client goes on to the next one
      ProviderSettings s =
          settings("n4ts-pw").toBuilder().address("nats://127.0.0.1:1,127.0.0.1:" + port).build();
      Notifier n = Notifiers.create(s);
      ((Conversation) n).deliver(event, new NotificationSender(s, FAST));

      String msg = in.readLine();
      assertThat(msg).startsWith("MSG flux.events 1 ");
      String payload = in.readLine();
      byte[] expected = EventParser.toBytes(event);
      assertThat(msg).endsWith(" " + expected.length);
      assertThat(payload).isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(payload).contains("\\u003cfailed\\u003e"); // Go's json.Marshal escaping
    }
  }

  @Test
  @DisplayName("nats: a wrong password fails the delivery without showing it; bad settings refused")
  void refused() {
    ProviderSettings s = settings("wrong-pw");
    assertThatThrownBy(
            () ->
                ((Conversation) Notifiers.create(s))
                    .deliver(event, new NotificationSender(s, FAST)))
        .isInstanceOf(NotificationSender.DeliveryException.class)
        .hasMessageContaining("Authorization Violation")
        .hasMessageNotContaining("wrong-pw");
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.builder("nats").address("nats://x").build()))
        .hasMessageContaining("subject (channel) cannot be empty");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("nats").address("http://x:4222").channel("c").build()))
        .hasMessageContaining("scheme 'http' is not supported");
  }
}
