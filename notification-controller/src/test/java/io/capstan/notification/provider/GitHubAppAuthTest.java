package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.notification.Fixtures;
import io.capstan.notification.event.NotificationEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GitHub App authentication of the github Providers against a local fake GitHub API: it verifies
 * the App JWT with the App's public key, issues installation tokens with an expiry, and serves the
 * commit status and dispatch endpoints, recording which token each call carries.
 */
class GitHubAppAuthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));

  private static KeyPair keys;
  private static String pkcs1Pem;
  private static String pkcs8Pem;

  private HttpServer server;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<JsonNode> jwtClaims = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile Duration tokenLifetime = Duration.ofHours(1);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

  private final NotificationEvent event =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "info",
          "applied",
          Map.of("revision", "main@sha1:" + SHA));

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    byte[] pkcs1 =
        PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
    pkcs8Pem = pem("PRIVATE KEY", pkcs8);
    pkcs1Pem = pem("RSA PRIVATE KEY", pkcs1);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = ex.getRequestMethod();
      if (path.endsWith("/access_tokens") || path.endsWith("/installation")) {
        JsonNode claims = verifiedJwt(auth);
        if (claims == null) {
          answer(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
          return;
        }
        jwtClaims.add(claims);
        calls.add(
            method
                + " "
                + path
                + " accept="
                + ex.getRequestHeaders().getFirst("Accept")
                + " version="
                + ex.getRequestHeaders().getFirst("X-GitHub-Api-Version")
                + " type="
                + ex.getRequestHeaders().getFirst("Content-Type")
                + " body="
                + body.replace("\n", "\\n"));
        if (path.endsWith("/installation")) {
          if (path.contains("/orgs/")) {
            answer(ex, 404, "{\"message\":\"Not Found\"}");
          } else {
            answer(ex, 200, "{\"id\":77}");
          }
          return;
        }
        int n = issued.incrementAndGet();
        answer(
            ex,
            201,
            "{\"token\":\"ghs_installation"
                + n
                + "\",\"expires_at\":\""
                + clock.instant().plus(tokenLifetime)
                + "\"}");
        return;
      }
      calls.add(method + " " + path + " auth=" + auth);
      answer(ex, method.equals("GET") ? 200 : 201, method.equals("GET") ? "[]" : "{}");
    }
  }

  private static void answer(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
  }

  /** The claims of a JWT whose RS256 signature verifies with the App's public key, else null. */
  private static JsonNode verifiedJwt(String authorization) {
    try {
      String jwt = authorization.substring("Bearer ".length());
      String[] parts = jwt.split("\\.");
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(keys.getPublic());
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return null;
      }
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!"RS256".equals(header.path("alg").asText())) {
        return null;
      }
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (Exception e) {
      return null;
    }
  }

  private Map<String, String> appSecret(String key, String baseUrl) {
    Map<String, String> data = new HashMap<>();
    data.put("githubAppID", "1234");
    data.put("githubAppInstallationID", "42");
    data.put("githubAppPrivateKey", key);
    if (baseUrl != null) {
      data.put("githubAppBaseURL", baseUrl);
    }
    return data;
  }

  private ProviderSettings settings(String type, String address, Map<String, String> secret)
      throws UnsupportedProviderException {
    return ProviderSettings.builder(type)
        .address(address)
        .providerUid("0c9c2e41-aaaa")
        .githubApp(GitHubApp.from(secret))
        .build();
  }

  /** What the dispatcher does: authenticate, create the notifier, look up, write. */
  private void deliver(GitHubAppTokens tokens, ProviderSettings s) throws Exception {
    NotificationSender sender = new NotificationSender(s, FAST);
    ProviderSettings authed = tokens.authenticate(s, sender);
    Notifier n = Notifiers.create(authed);
    if (n instanceof Precheck p
        && p.redundant(sender.fetch(p.lookup(event), p.notFoundIsEmpty()), event)) {
      return;
    }
    for (OutboundRequest r : n.requests(event)) {
      sender.send(r);
    }
  }

  @Test
  @DisplayName(
      "github: JWT -> installation token (go-github's request), used for the commit status, cached")
  void commitStatusWithAppToken() throws Exception {
    GitHubAppTokens tokens = new GitHubAppTokens(clock);
    ProviderSettings s =
        settings("github", base() + "/org/app", appSecret(pkcs1Pem, base() + "/api/v3"));
    deliver(tokens, s);
    deliver(tokens, s);
    assertThat(calls)
        .containsExactly(
            "POST /api/v3/app/installations/42/access_tokens accept=application/vnd.github.v3+json"
                + " version=2022-11-28 type=application/json body=null\\n",
            "GET /api/v3/repos/org/app/commits/" + SHA + "/statuses auth=Bearer ghs_installation1",
            "POST /api/v3/repos/org/app/statuses/" + SHA + " auth=Bearer ghs_installation1",
            // second event: the cached token, no new exchange
            "GET /api/v3/repos/org/app/commits/" + SHA + "/statuses auth=Bearer ghs_installation1",
            "POST /api/v3/repos/org/app/statuses/" + SHA + " auth=Bearer ghs_installation1");
    JsonNode claims = jwtClaims.get(0);
    assertThat(claims.path("iss").asText()).isEqualTo("1234");
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond() - 30);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(120);
  }

  @Test
  @DisplayName(
      "a token about to expire is exchanged again; PKCS#8 keys and a base URL without path")
  void refreshBeforeExpiry() throws Exception {
    tokenLifetime = Duration.ofMinutes(10);
    GitHubAppTokens tokens = new GitHubAppTokens(clock);
    ProviderSettings s =
        settings("githubdispatch", base() + "/org/app", appSecret(pkcs8Pem, base()));
    deliver(tokens, s);
    clock.advance(Duration.ofMinutes(8)); // 2 minutes left: still cached
    deliver(tokens, s);
    clock.advance(Duration.ofSeconds(90)); // 30 s left: refreshed
    deliver(tokens, s);
    assertThat(calls.stream().filter(c -> c.contains("access_tokens")))
        .hasSize(2)
        .allMatch(c -> c.startsWith("POST /app/installations/42/access_tokens "));
    assertThat(calls.stream().filter(c -> c.contains("dispatches")))
        .containsExactly(
            "POST /api/v3/repos/org/app/dispatches auth=Bearer ghs_installation1",
            "POST /api/v3/repos/org/app/dispatches auth=Bearer ghs_installation1",
            "POST /api/v3/repos/org/app/dispatches auth=Bearer ghs_installation2");
  }

  @Test
  @DisplayName("githubAppInstallationOwner: the installation is looked up (org, then user)")
  void installationOwner() throws Exception {
    Map<String, String> secret = appSecret(pkcs1Pem, base());
    secret.remove("githubAppInstallationID");
    secret.put("githubAppInstallationOwner", "acme");
    deliver(new GitHubAppTokens(clock), settings("github", base() + "/org/app", secret));
    assertThat(calls.subList(0, 3))
        .extracting(c -> c.substring(0, c.indexOf(" accept")))
        .containsExactly(
            "GET /orgs/acme/installation",
            "GET /users/acme/installation",
            "POST /app/installations/77/access_tokens");
  }

  @Test
  @DisplayName("a static token wins over the App; other types ignore App keys")
  void tokenWins() throws Exception {
    ProviderSettings s =
        settings("github", base() + "/org/app", appSecret(pkcs1Pem, base()))
            .withToken("ghp_static");
    deliver(new GitHubAppTokens(clock), s);
    assertThat(calls).noneMatch(c -> c.contains("access_tokens"));
    assertThat(calls).allMatch(c -> c.endsWith("auth=Bearer ghp_static"));
  }

  @Test
  @DisplayName("incomplete or invalid App secrets are refused with Flux's messages")
  void invalidSecrets() throws Exception {
    Map<String, String> noInstallation = appSecret(pkcs1Pem, null);
    noInstallation.remove("githubAppInstallationID");
    assertThatThrownBy(() -> GitHubApp.from(noInstallation))
        .hasMessage(
            "app installation owner or ID must be provided to use github app authentication");
    Map<String, String> both = appSecret(pkcs1Pem, null);
    both.put("githubAppInstallationOwner", "acme");
    assertThatThrownBy(() -> GitHubApp.from(both))
        .hasMessageContaining("only one of app installation owner or ID");
    Map<String, String> noKey = appSecret("", null);
    assertThatThrownBy(() -> GitHubApp.from(noKey))
        .hasMessage("private key must be provided to use github app authentication");
    Map<String, String> badKey =
        appSecret("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", null);
    assertThatThrownBy(() -> GitHubApp.from(badKey))
        .hasMessageStartingWith("could not parse private key");
    Map<String, String> noId = appSecret(pkcs1Pem, null);
    noId.put("githubAppID", "x");
    assertThatThrownBy(() -> GitHubApp.from(noId))
        .hasMessage("app ID must be provided to use github app authentication");
    assertThat(GitHubApp.from(Map.of("token", "t"))).isNull();
  }

  @Test
  @DisplayName("an App the API rejects fails the delivery without the key or the JWT in the error")
  void rejectedApp() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    String otherKey = pem("PRIVATE KEY", gen.generateKeyPair().getPrivate().getEncoded());
    ProviderSettings s = settings("github", base() + "/org/app", appSecret(otherKey, base()));
    assertThatThrownBy(() -> deliver(new GitHubAppTokens(clock), s))
        .isInstanceOf(NotificationSender.DeliveryException.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("eyJ")
        .hasMessageNotContaining(otherKey.substring(40, 80));
    assertThat(s.toString()).doesNotContain("PRIVATE");
  }
}
