package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.notification.Fixtures;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * googlepubsub through the Pub/Sub REST API against a loopback server that is both the service
 * account's {@code token_uri} and the Pub/Sub endpoint.
 */
class GooglePubSubTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));

  private RecordingServer server;
  private KeyPair key;

  private final NotificationEvent event =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health <check> failed",
          Map.of("revision", "main@sha1:1"));

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer();
    server.respondWith(
        "{\"access_token\":\"ya29.local\",\"expires_in\":3600,\"token_type\":\"Bearer\","
            + "\"messageIds\":[\"1\"]}");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = g.generateKeyPair();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String serviceAccount(String email) throws Exception {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    return JSON.writeValueAsString(
        Map.of(
            "type",
            "service_account",
            "project_id",
            "acme",
            "private_key_id",
            "kid-1",
            "private_key",
            pem,
            "client_email",
            email,
            "token_uri",
            server.url("/token")));
  }

  @Test
  @DisplayName(
      "service account key: JWT bearer grant at token_uri, then topics:publish, token cached")
  void publishWithServiceAccount() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("googlepubsub")
            .address("acme")
            .channel("flux-events")
            .token(serviceAccount("flux-" + System.nanoTime() + "@acme.iam.gserviceaccount.com"))
            .headers(Map.of("cluster", "prod", "env", "eu"))
            .build();
    GooglePubSubNotifier n = new GooglePubSubNotifier(s, server.url(""), Clock.systemUTC());
    n.deliver(event, new NotificationSender(s, FAST));
    n.deliver(event, new NotificationSender(s, FAST));
    var calls = server.requests();
    assertThat(calls)
        .extracting(c -> c.method() + " " + c.path())
        .containsExactly(
            "POST /token",
            "POST /v1/projects/acme/topics/flux-events:publish",
            "POST /v1/projects/acme/topics/flux-events:publish");
    var token = calls.get(0);
    assertThat(token.headers()).containsEntry("content-type", "application/x-www-form-urlencoded");
    assertThat(token.body())
        .startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
    String jwt = URLDecoder.decode(token.body().split("assertion=")[1], StandardCharsets.UTF_8);
    String[] parts = jwt.split("\\.");
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(key.getPublic());
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.path("kid").asText()).isEqualTo("kid-1");
    assertThat(claims.path("scope").asText()).isEqualTo(GooglePubSubNotifier.SCOPE);
    assertThat(claims.path("aud").asText()).isEqualTo(server.url("/token"));
    assertThat(claims.path("iss").asText()).endsWith("@acme.iam.gserviceaccount.com");
    var publish = calls.get(1);
    assertThat(publish.headers())
        .containsEntry("authorization", "Bearer ya29.local")
        .containsEntry("content-type", "application/json");
    JsonNode message = JSON.readTree(publish.body()).path("messages").get(0);
    assertThat(Base64.getDecoder().decode(message.path("data").asText()))
        .isEqualTo(EventParser.toBytes(event));
    assertThat(message.path("attributes").toString())
        .isEqualTo("{\"cluster\":\"prod\",\"env\":\"eu\"}");
  }

  @Test
  @DisplayName(
      "emulator endpoint without credentials: publish without Authorization, no attributes")
  void emulator() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("googlepubsub").address("local").channel("t").build();
    new GooglePubSubNotifier(s, server.url(""), Clock.systemUTC())
        .deliver(event, new NotificationSender(s, FAST));
    var r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v1/projects/local/topics/t:publish");
    assertThat(r.headers()).doesNotContainKey("authorization");
    assertThat(JSON.readTree(r.body()).path("messages").get(0).has("attributes")).isFalse();
  }

  @Test
  @DisplayName("no project, no topic, not a service account key, no credentials: refused")
  void refused() {
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.builder("googlepubsub").channel("t").build()))
        .hasMessage("GCP project ID cannot be empty");
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.builder("googlepubsub").address("p").build()))
        .hasMessage("GCP Pub/Sub topic ID cannot be empty");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("googlepubsub")
                        .address("p")
                        .channel("t")
                        .token("{\"type\":\"authorized_user\"}")
                        .build()))
        .hasMessageContaining("service account key");
    if (GooglePubSubNotifier.emulatorEndpoint() == null) {
      assertThatThrownBy(
              () ->
                  Notifiers.create(
                      ProviderSettings.builder("googlepubsub").address("p").channel("t").build()))
          .isInstanceOfSatisfying(
              UnsupportedProviderException.class,
              e -> assertThat(e.reason()).isEqualTo(UnsupportedProviderException.NOT_SUPPORTED));
    }
  }
}
