package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub App authentication of the {@code github}, {@code githubdispatch} and {@code
 * githubpullrequestcomment} Providers (Flux 2.6+), used when the Provider's secret has no {@code
 * token} but {@code githubAppID}: a JWT signed RS256 with the App's key ({@code iss} the App ID,
 * {@code iat} now − 30 s, {@code exp} {@code iat} + 2 min) exchanges for an installation token at
 * {@code POST <api>/app/installations/<id>/access_tokens} (go-github's request: {@code Accept:
 * application/vnd.github.v3+json}, {@code X-GitHub-Api-Version: 2022-11-28}, body {@code null});
 * with {@code githubAppInstallationOwner} the installation is found first ({@code GET
 * <api>/orgs/<owner>/installation}, then {@code GET <api>/users/<owner>/installation}). Tokens are
 * cached until one minute before their {@code expires_at}; the calls go through the Provider's
 * sender (proxy, CA, timeout, retries, secret redaction).
 */
public final class GitHubAppTokens {

  /** The Provider types that authenticate as a GitHub App. */
  public static final Set<String> TYPES =
      Set.of("github", "githubdispatch", "githubpullrequestcomment");

  private static final Duration EARLY_REFRESH = Duration.ofMinutes(1);

  private record CachedToken(String token, Instant expiresAt) {}

  private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
  private final Clock clock;

  /** Tokens with the system clock. */
  public GitHubAppTokens() {
    this(Clock.systemUTC());
  }

  /** Tokens with {@code clock} (tests). */
  public GitHubAppTokens(Clock clock) {
    this.clock = clock;
  }

  /**
   * {@code settings} with an installation token as {@code token} when it is a GitHub type with App
   * credentials and no token; otherwise {@code settings} unchanged.
   */
  public ProviderSettings authenticate(ProviderSettings settings, NotificationSender sender)
      throws NotificationSender.DeliveryException,
          InterruptedException,
          UnsupportedProviderException {
    GitHubApp app = settings.githubApp();
    if (app == null
        || !TYPES.contains(settings.type())
        || (settings.token() != null && !settings.token().isEmpty())) {
      return settings;
    }
    String key = app.cacheKey();
    CachedToken cached = cache.get(key);
    Instant now = clock.instant();
    if (cached != null && cached.expiresAt().minus(EARLY_REFRESH).isAfter(now)) {
      return settings.withToken(cached.token());
    }
    long installation = app.installationId();
    if (installation == 0) {
      installation = installationOf(app, sender);
    }
    String body =
        sender.fetch(
            new OutboundRequest(
                "POST",
                URI.create(app.api() + "app/installations/" + installation + "/access_tokens"),
                headers(app, true),
                "null\n".getBytes(StandardCharsets.UTF_8)));
    CachedToken token;
    try {
      JsonNode json = JsonBodies.JSON.readTree(body);
      token =
          new CachedToken(
              json.path("token").asText(),
              OffsetDateTime.parse(json.path("expires_at").asText()).toInstant());
    } catch (Exception e) {
      throw new NotificationSender.DeliveryException(
          "failed to read the GitHub App installation token response");
    }
    if (token.token().isEmpty()) {
      throw new NotificationSender.DeliveryException(
          "the GitHub App installation token response has no token");
    }
    cache.put(key, token);
    return settings.withToken(token.token());
  }

  private long installationOf(GitHubApp app, NotificationSender sender)
      throws NotificationSender.DeliveryException,
          InterruptedException,
          UnsupportedProviderException {
    String owner = URLEncoder.encode(app.installationOwner(), StandardCharsets.UTF_8);
    StringBuilder errors = new StringBuilder();
    for (String kind : new String[] {"orgs", "users"}) {
      try {
        String body =
            sender.fetch(
                new OutboundRequest(
                    "GET",
                    URI.create(app.api() + kind + "/" + owner + "/installation"),
                    headers(app, false),
                    new byte[0]));
        long id = JsonBodies.JSON.readTree(body).path("id").asLong();
        if (id != 0) {
          return id;
        }
      } catch (NotificationSender.DeliveryException | java.io.IOException e) {
        errors
            .append(errors.length() == 0 ? "" : "\n")
            .append("failed to find ")
            .append("orgs".equals(kind) ? "organization" : "user")
            .append(" installation: ")
            .append(e.getMessage());
      }
    }
    throw new NotificationSender.DeliveryException(errors.toString());
  }

  private Map<String, String> headers(GitHubApp app, boolean json)
      throws UnsupportedProviderException {
    Map<String, String> h = new LinkedHashMap<>();
    if (json) {
      h.put("Content-Type", "application/json");
    }
    h.put("Accept", "application/vnd.github.v3+json");
    h.put("X-GitHub-Api-Version", "2022-11-28");
    h.put("Authorization", "Bearer " + jwt(app));
    return h;
  }

  /** The App JWT (RS256; header and claims in golang-jwt's field order). */
  String jwt(GitHubApp app) throws UnsupportedProviderException {
    long iat = clock.instant().getEpochSecond() - 30;
    ObjectNode header = JsonBodies.JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    ObjectNode claims =
        JsonBodies.JSON
            .createObjectNode()
            .put("iss", String.valueOf(app.appId()))
            .put("exp", iat + 120)
            .put("iat", iat);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(app.rsaKey());
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "could not sign the GitHub App JWT");
    }
  }
}
