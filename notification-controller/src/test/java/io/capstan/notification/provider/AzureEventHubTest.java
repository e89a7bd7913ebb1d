package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.notification.Fixtures;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** azureeventhub through the Event Hubs REST send operation, against a loopback server. */
class AzureEventHubTest {

  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));

  private RecordingServer server;
  private final NotificationEvent event =
      Fixtures.event(
          "Kustomization", "apps", "podinfo", "error", "failed", Map.of("revision", "main@sha1:1"));

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String host() {
    return server.url("").substring("http://".length());
  }

  @Test
  @DisplayName("SAS connection string: POST <hub>/messages with a SharedAccessSignature")
  void sas() throws Exception {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");
    ProviderSettings s =
        ProviderSettings.of(
            "azureeventhub",
            "Endpoint=sb://"
                + host()
                + "/;SharedAccessKeyName=send;SharedAccessKey=s3cr3t;EntityPath=flux");
    Notifier n = new AzureEventHubNotifier(s, "http", Clock.fixed(now, java.time.ZoneOffset.UTC));
    new NotificationSender(s, FAST).send(n.request(event));
    var r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/flux/messages");
    assertThat(r.query()).isEqualTo("timeout=60&api-version=2014-01");
    assertThat(r.headers())
        .containsEntry("content-type", "application/atom+xml;type=entry;charset=utf-8");
    assertThat(r.body()).isEqualTo(new String(EventParser.toBytes(event), StandardCharsets.UTF_8));
    String auth = r.headers().get("authorization");
    assertThat(auth).startsWith("SharedAccessSignature ");
    Map<String, String> sas = new HashMap<>();
    for (String kv : auth.substring("SharedAccessSignature ".length()).split("&")) {
      String[] p = kv.split("=", 2);
      sas.put(p[0], p[1]);
    }
    String resource = URLDecoder.decode(sas.get("sr"), StandardCharsets.UTF_8);
    assertThat(resource).isEqualTo("http://" + host() + "/flux");
    assertThat(sas.get("skn")).isEqualTo("send");
    assertThat(sas.get("se")).isEqualTo(String.valueOf(now.getEpochSecond() + 3600));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cr3t".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal(
                    (sas.get("sr") + "\n" + sas.get("se")).getBytes(StandardCharsets.UTF_8)));
    assertThat(URLDecoder.decode(sas.get("sig"), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(auth).doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName("JWT: address is the hub, channel the namespace, token sent as Bearer")
  void jwt() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("azureeventhub")
            .address("flux")
            .channel(host())
            .token("eyJhbGciOi.jwt.sig")
            .build();
    Notifier n = new AzureEventHubNotifier(s, "http", Clock.systemUTC());
    new NotificationSender(s, FAST).send(n.request(event));
    var r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/flux/messages");
    assertThat(r.headers()).containsEntry("authorization", "Bearer eyJhbGciOi.jwt.sig");
    // commit status updates are skipped; the default host is <namespace>.servicebus.windows.net
    Map<String, String> md = new HashMap<>(event.metadata());
    md.put("commit_status", "update");
    assertThat(n.request(event.withMetadata(md))).isNull();
    ProviderSettings cloud =
        ProviderSettings.builder("azureeventhub")
            .address("flux")
            .channel("acme")
            .token("t")
            .build();
    assertThat(Notifiers.create(cloud).request(event).uri().toString())
        .isEqualTo(
            "https://acme.servicebus.windows.net/flux/messages?timeout=60&api-version=2014-01");
  }

  @Test
  @DisplayName(
      "SAS with a token is refused as Flux; no SAS and no token: not supported (managed identity)")
  void refused() {
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("azureeventhub")
                        .address(
                            "Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=h")
                        .token("t")
                        .build()))
        .hasMessageContaining("jwt token and SAS authentication cannot be set at the same time");
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.builder("azureeventhub").address("h").build()))
        .isInstanceOfSatisfying(
            UnsupportedProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(UnsupportedProviderException.NOT_SUPPORTED));
  }
}
