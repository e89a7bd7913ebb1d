package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the OIDC ID token Google Pub/Sub push subscriptions send ({@code Authorization: Bearer
 * <JWT>}) as Flux's {@code gcr} Receiver does (Google's {@code idtoken} validator, then the issuer,
 * email and {@code email_verified} checks): an RS256 signature by a key of Google's JWKS ({@code
 * kid}), {@code exp} and {@code iat} within 10 s of clock skew, {@code aud} equal to the expected
 * audience when one is set, {@code iss} {@code accounts.google.com} (with or without {@code
 * https://}), {@code email} equal to the expected one when set, {@code email_verified} true. The
 * JWKS is fetched on first use and again when a {@code kid} is unknown (at most once a minute).
 */
public final class GoogleIdTokenVerifier {

  /** Google's OAuth2 certificates (JWKS). */
  public static final URI GOOGLE_JWKS = URI.create("https://www.googleapis.com/oauth2/v3/certs");

  private static final Duration SKEW = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI jwks;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private volatile Instant lastFetch = Instant.EPOCH;

  /** A verifier trusting the keys published at {@code jwks}. */
  public GoogleIdTokenVerifier(URI jwks, Clock clock) {
    this.jwks = jwks;
    this.clock = clock;
  }

  /** Verifies {@code authorization}; a failure is a 401 that never echoes the token. */
  public void verify(String authorization, String expectedEmail, String expectedAudience)
      throws WebhookRejection {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new WebhookRejection(401, "the Authorization header is missing or malformed");
    }
    Jwt jwt =
        Jwt.parse(
            authorization.substring("Bearer ".length()),
            "invalid ID token: not a JWT",
            "invalid ID token: malformed");
    JsonNode claims = jwt.claims();
    if (!jwt.isRs256()) {
      throw new WebhookRejection(401, "invalid ID token: unsupported algorithm");
    }
    if (!jwt.signedBy(key(jwt.keyId()))) {
      throw new WebhookRejection(401, "invalid ID token: invalid signature");
    }
    Instant now = clock.instant();
    if (jwt.expired(now, SKEW)) {
      throw new WebhookRejection(401, "invalid ID token: token expired");
    }
    if (jwt.notYet("iat", now, SKEW)) {
      throw new WebhookRejection(401, "invalid ID token: token used before issued");
    }
    String aud = claims.path("aud").asText("");
    if (expectedAudience != null && !expectedAudience.isEmpty() && !aud.equals(expectedAudience)) {
      throw new WebhookRejection(
          401, "invalid ID token: audience is '" + aud + "', want '" + expectedAudience + "'");
    }
    String iss = claims.path("iss").asText("");
    if (!iss.equals("accounts.google.com") && !iss.equals("https://accounts.google.com")) {
      throw new WebhookRejection(
          401,
          "token issuer is '"
              + iss
              + "', want 'accounts.google.com' or 'https://accounts.google.com'");
    }
    String email = claims.path("email").asText("");
    if (expectedEmail != null && !expectedEmail.isEmpty() && !email.equals(expectedEmail)) {
      throw new WebhookRejection(
          401, "token email is '" + email + "', want '" + expectedEmail + "'");
    }
    if (!claims.path("email_verified").asBoolean(false)) {
      throw new WebhookRejection(401, "token email '" + email + "' is not verified");
    }
  }

  private PublicKey key(String kid) throws WebhookRejection {
    PublicKey key = keys.get(kid);
    if (key == null && clock.instant().isAfter(lastFetch.plus(Duration.ofMinutes(1)))) {
      refresh();
      key = keys.get(kid);
    }
    if (key == null) {
      throw new WebhookRejection(401, "invalid ID token: unknown signing key");
    }
    return key;
  }

  private synchronized void refresh() throws WebhookRejection {
    lastFetch = clock.instant();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(jwks).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new WebhookRejection(401, "cannot fetch the ID token keys: " + response.statusCode());
      }
      keys.putAll(Jwt.rsaKeys(JSON.readTree(response.body())));
    } catch (WebhookRejection e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebhookRejection(401, "cannot fetch the ID token keys");
    } catch (Exception e) {
      throw new WebhookRejection(401, "cannot fetch the ID token keys: " + e.getMessage());
    }
  }
}
