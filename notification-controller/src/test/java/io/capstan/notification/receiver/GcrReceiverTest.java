package io.capstan.notification.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.capstan.api.meta.Condition;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.api.notification.v1.ReceiverSpec;
import io.capstan.api.notification.v1.ReceiverStatus;
import io.capstan.api.notification.v1.ReceiverType;
import io.capstan.notification.OidcIssuer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code gcr} Receiver: Pub/Sub push calls carrying OIDC ID tokens signed by a local RSA key
 * published on a loopback JWKS endpoint (standing in for Google's), valid and forged.
 */
class GcrReceiverTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "pusher@project.iam.gserviceaccount.com";
  private static final String AUDIENCE = "https://flux.example.com/hook/abc";

  private static KeyPair google;
  private static KeyPair attacker;
  private HttpServer jwks;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private GoogleIdTokenVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    if (google == null) {
      google = OidcIssuer.newKey();
      attacker = OidcIssuer.newKey();
    }
    String keys = OidcIssuer.jwks(google);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext(
        "/oauth2/v3/certs",
        ex -> {
          try (ex) {
            jwksFetches.incrementAndGet();
            byte[] b = keys.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          }
        });
    jwks.start();
    verifier =
        new GoogleIdTokenVerifier(
            URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/oauth2/v3/certs"),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    jwks.stop(0);
  }

  private static String jwt(KeyPair key, String kid, Map<String, Object> claims) {
    return OidcIssuer.sign(key, kid, claims);
  }

  private static Map<String, Object> claims() {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://accounts.google.com");
    c.put("aud", AUDIENCE);
    c.put("email", EMAIL);
    c.put("email_verified", true);
    c.put("iat", now - 5);
    c.put("exp", now + 3600);
    return c;
  }

  private static Map<String, Object> claims(String key, Object value) {
    Map<String, Object> c = claims();
    c.put(key, value);
    return c;
  }

  private int verify(String authorization) {
    WebhookRejection e =
        catchThrowableOfType(
            () -> verifier.verify(authorization, EMAIL, AUDIENCE), WebhookRejection.class);
    return e == null ? 0 : e.status();
  }

  @Test
  @DisplayName("a token signed by the published key with Flux's claims is accepted")
  void valid() throws Exception {
    assertThat(verify("Bearer " + jwt(google, "k1", claims()))).isZero();
    assertThat(verify("Bearer " + jwt(google, "k1", claims("iss", "accounts.google.com"))))
        .isZero();
    // keys are cached: a second token needs no second fetch
    assertThat(verify("Bearer " + jwt(google, "k1", claims()))).isZero();
    assertThat(jwksFetches.get()).isEqualTo(1);
    // no expected email/audience in the Secret: those two checks are skipped, as in Flux
    assertThat(
            catchThrowableOfType(
                () ->
                    verifier.verify(
                        "Bearer " + jwt(google, "k1", claims("aud", "other")), null, null),
                WebhookRejection.class))
        .isNull();
  }

  @Test
  @DisplayName("forged, expired, foreign and unverified tokens are 401")
  void rejected() throws Exception {
    String good = jwt(google, "k1", claims());
    String[] parts = good.split("\\.");
    assertThat(verify("Bearer " + jwt(attacker, "k1", claims()))).isEqualTo(401);
    assertThat(
            verify(
                "Bearer "
                    + parts[0]
                    + "."
                    + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(JSON.writeValueAsBytes(claims("email", "x@y")))
                    + "."
                    + parts[2]))
        .isEqualTo(401);
    assertThat(
            verify(
                "Bearer " + jwt(google, "k1", claims("exp", Instant.now().getEpochSecond() - 60))))
        .isEqualTo(401);
    assertThat(verify("Bearer " + jwt(google, "k1", claims("aud", "https://other"))))
        .isEqualTo(401);
    assertThat(verify("Bearer " + jwt(google, "k1", claims("iss", "https://evil.example"))))
        .isEqualTo(401);
    assertThat(verify("Bearer " + jwt(google, "k1", claims("email", "someone@else.com"))))
        .isEqualTo(401);
    assertThat(verify("Bearer " + jwt(google, "k1", claims("email_verified", false))))
        .isEqualTo(401);
    assertThat(verify("Bearer " + jwt(google, "unknown-kid", claims()))).isEqualTo(401);
    assertThat(verify(good)).isEqualTo(401); // no "Bearer "
    assertThat(verify(null)).isEqualTo(401);
    assertThat(verify("Bearer not.a-jwt")).isEqualTo(401);
  }

  @Test
  @DisplayName("through the receiver server: valid push 200, forged 401, bad envelope 400")
  void throughReceiverServer() throws Exception {
    Receiver receiver = new Receiver();
    receiver.setMetadata(new ObjectMetaBuilder().withName("gcr").withNamespace("apps").build());
    ReceiverSpec spec = new ReceiverSpec();
    spec.setType(ReceiverType.gcr);
    spec.setResources(List.of());
    receiver.setSpec(spec);
    ReceiverStatus status = new ReceiverStatus();
    status.setConditions(
        List.of(new Condition("Ready", Condition.Status.True, "Succeeded", "ready")));
    status.setWebhookPath("/hook/gcr");
    receiver.setStatus(status);
    Map<String, String> secret = Map.of("token", "t", "email", EMAIL, "audience", AUDIENCE);
    ReceiverServer.Receivers receivers =
        new ReceiverServer.Receivers() {
          @Override
          public Receiver byWebhookPath(String path) {
            return "/hook/gcr".equals(path) ? receiver : null;
          }

          @Override
          public String token(Receiver r) {
            return secret.get("token");
          }

          @Override
          public String secretValue(Receiver r, String key) {
            return secret.get(key);
          }
        };
    // no resources to annotate: the client is never called (no API server needed here)
    try (var client = new KubernetesClientBuilder().build()) {
      ReceiverServer server =
          ReceiverServer.start(
                  "127.0.0.1:0",
                  receivers,
                  new ReconcileRequester(client, Clock.systemUTC()),
                  ReceiverServer.DEFAULT_MAX_BODY_BYTES,
                  50)
              .gcrVerifier(verifier);
      try {
        String data =
            Base64.getEncoder()
                .encodeToString(
                    "{\"action\":\"INSERT\",\"digest\":\"gcr.io/p/app@sha256:1\",\"tag\":\"gcr.io/p/app:1.0\"}"
                        .getBytes(StandardCharsets.UTF_8));
        String push =
            "{\"message\":{\"data\":\""
                + data
                + "\",\"messageId\":\"1\",\"publishTime\":\"2026-01-02T03:04:05Z\"},"
                + "\"subscription\":\"projects/p/subscriptions/s\"}";
        String url = "http://127.0.0.1:" + server.address().getPort() + "/hook/gcr";
        assertThat(post(url, "Bearer " + jwt(google, "k1", claims()), push)).isEqualTo(200);
        assertThat(post(url, "Bearer " + jwt(attacker, "k1", claims()), push)).isEqualTo(401);
        assertThat(post(url, null, push)).isEqualTo(401);
        assertThat(
                post(
                    url,
                    "Bearer " + jwt(google, "k1", claims()),
                    "{\"message\":{\"data\":\"%%%\"}}"))
            .isEqualTo(400);
      } finally {
        server.close();
      }
    }
  }

  private static int post(String url, String authorization, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient()
        .send(b.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
