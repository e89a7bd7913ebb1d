package io.capstan.notification.receiver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.notification.v1.OidcProvider;
import io.capstan.api.notification.v1.OidcValidation;
import io.capstan.api.notification.v1.OidcVariable;
import io.capstan.runtime.cel.CelExpression;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.cel.CelValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Flux's {@code generic-oidc} Receiver (notification-controller 1.9): the caller sends {@code
 * Authorization: Bearer <ID token>}; the {@code spec.oidcProviders} entry whose {@code issuerURL}
 * equals the token's {@code iss} is used; its OpenID configuration ({@code
 * <issuer>/.well-known/openid-configuration}, whose {@code issuer} must be the same URL) gives the
 * JWKS; the token must carry an RS256 signature by a key of it ({@code kid}), an {@code aud}
 * containing the provider's {@code audience} (default {@code notification-controller}), an
 * unexpired {@code exp} and an {@code nbf}/{@code iat} not in the future (5 min leeway, as
 * go-oidc). Then the provider's CEL {@code variables} (over {@code claims} and the {@code vars} so
 * far) and every {@code validations} entry (boolean) are evaluated; failed validations are joined
 * into "token validation failed: m1; m2". Every failure is a 401 that never echoes the token. The
 * verified claims are returned for the Receiver's {@code resourceFilter} ({@code claims}).
 * Discovery documents and keys are cached per issuer; an unknown {@code kid} refetches the keys (at
 * most once a minute per issuer).
 */
public final class GenericOidcVerifier {

  /** Flux's default audience. */
  public static final String DEFAULT_AUDIENCE = "notification-controller";

  private static final Pattern ISSUER_URL = Pattern.compile("^https?://.*");
  private static final List<String> VARIABLES = List.of("claims", "vars");
  private static final Duration LEEWAY = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Issuer(URI jwks, Map<String, PublicKey> keys, Instant fetched) {}

  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();

  /** A verifier with {@code clock}. */
  public GenericOidcVerifier(Clock clock) {
    this.clock = clock;
  }

  /**
   * Checks {@code spec.oidcProviders} as Flux's {@code ValidateOIDCProvidersSpec} and compiles
   * every expression ({@code CompileOIDCProviders}).
   *
   * @throws IllegalArgumentException with Flux's message; {@link #isCelError} tells which kind
   */
  public static void validateSpec(List<OidcProvider> providers) {
    if (providers == null || providers.isEmpty()) {
      throw new IllegalArgumentException(
          "generic-oidc receivers must define at least one oidcProvider");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < providers.size(); i++) {
      OidcProvider p = providers.get(i);
      String iss = p.getIssuerURL();
      if (iss == null || iss.isEmpty()) {
        throw new IllegalArgumentException("oidcProviders[" + i + "]: issuerURL is required");
      }
      if (!ISSUER_URL.matcher(iss).matches()) {
        throw new IllegalArgumentException(
            "oidcProviders["
                + i
                + "]: issuerURL \""
                + iss
                + "\" must start with http:// or https://");
      }
      if (!seen.add(iss)) {
        throw new IllegalArgumentException(
            "oidcProviders[" + i + "]: duplicate issuerURL \"" + iss + "\"");
      }
      if (p.getValidations() == null || p.getValidations().isEmpty()) {
        throw new IllegalArgumentException(
            "oidcProviders["
                + i
                + "] (issuerURL=\""
                + iss
                + "\"): at least one validation is required; without validations any caller able"
                + " to obtain a token from this issuer can trigger the Receiver");
      }
    }
    for (int i = 0; i < providers.size(); i++) {
      try {
        compile(providers.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "oidcProviders["
                + i
                + "] (issuerURL=\""
                + providers.get(i).getIssuerURL()
                + "\"): "
                + e.getMessage(),
            e);
      }
    }
  }

  /** Whether a {@link #validateSpec} failure is a CEL compile error (InvalidCELExpression). */
  public static boolean isCelError(IllegalArgumentException e) {
    return e.getCause() instanceof IllegalArgumentException;
  }

  private record Compiled(
      List<Map.Entry<String, CelExpression>> variables,
      List<Map.Entry<String, CelExpression>> checks) {}

  private static Compiled compile(OidcProvider p) {
    List<Map.Entry<String, CelExpression>> variables = new ArrayList<>();
    for (OidcVariable v : p.getVariables() == null ? List.<OidcVariable>of() : p.getVariables()) {
      try {
        variables.add(
            Map.entry(v.getName(), CelExpression.compileAny(v.getExpression(), VARIABLES)));
      } catch (CelExpressionException e) {
        throw new IllegalArgumentException(
            "invalid expression for variable \"" + v.getName() + "\": " + e.getMessage(), e);
      }
    }
    List<Map.Entry<String, CelExpression>> checks = new ArrayList<>();
    for (OidcValidation v : p.getValidations()) {
      try {
        checks.add(Map.entry(v.getMessage(), CelExpression.compile(v.getExpression(), VARIABLES)));
      } catch (CelExpressionException e) {
        throw new IllegalArgumentException(
            "invalid expression for validation \"" + v.getMessage() + "\": " + e.getMessage(), e);
      }
    }
    return new Compiled(variables, checks);
  }

  /**
   * Verifies the bearer token of a call to a Receiver with {@code providers}; returns its claims.
   */
  public Map<String, Object> verify(String authorization, List<OidcProvider> providers)
      throws WebhookRejection {
    if (providers == null || providers.isEmpty()) {
      throw new WebhookRejection(401, "generic-oidc receiver has no oidcProviders configured");
    }
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new WebhookRejection(401, "the Authorization header is missing or malformed");
    }
    String raw = authorization.substring("Bearer ".length()).trim();
    if (raw.isEmpty()) {
      throw new WebhookRejection(401, "the Authorization header is missing a bearer token");
    }
    Jwt jwt =
        Jwt.parse(
            raw,
            "failed to parse bearer token: token is not a JWT",
            "failed to parse bearer token: malformed JWT");
    JsonNode header = jwt.header();
    JsonNode claims = jwt.claims();
    String iss = claims.path("iss").asText("");
    if (iss.isEmpty()) {
      throw new WebhookRejection(
          401, "failed to parse bearer token: token is missing the 'iss' claim");
    }
    OidcProvider provider =
        providers.stream().filter(p -> iss.equals(p.getIssuerURL())).findFirst().orElse(null);
    if (provider == null) {
      throw new WebhookRejection(401, "no oidcProvider configured for issuer \"" + iss + "\"");
    }
    if (!jwt.isRs256()) {
      throw new WebhookRejection(
          401, "failed to verify OIDC token: unsupported signing algorithm " + header.path("alg"));
    }
    if (!jwt.signedBy(key(iss, jwt.keyId()))) {
      throw new WebhookRejection(401, "failed to verify OIDC token: failed to verify signature");
    }
    String audience =
        provider.getAudience() == null || provider.getAudience().isEmpty()
            ? DEFAULT_AUDIENCE
            : provider.getAudience();
    JsonNode aud = claims.path("aud");
    boolean audOk = false;
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        audOk |= audience.equals(a.asText());
      }
    } else {
      audOk = audience.equals(aud.asText());
    }
    if (!audOk) {
      throw new WebhookRejection(
          401, "failed to verify OIDC token: expected audience \"" + audience + "\" got " + aud);
    }
    Instant now = clock.instant();
    if (jwt.expired(now, Duration.ZERO)) {
      throw new WebhookRejection(401, "failed to verify OIDC token: token is expired");
    }
    for (String notBefore : new String[] {"nbf", "iat"}) {
      if (jwt.notYet(notBefore, now, LEEWAY)) {
        throw new WebhookRejection(
            401, "failed to verify OIDC token: current time is before the " + notBefore);
      }
    }
    Map<String, Object> claimMap = JSON.convertValue(claims, new TypeReference<>() {});
    evaluate(provider, claims);
    return claimMap;
  }

  private static void evaluate(OidcProvider provider, JsonNode claims) throws WebhookRejection {
    Compiled compiled;
    try {
      compiled = compile(provider);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejection(
          401,
          "invalid oidcProvider configuration for issuer \""
              + provider.getIssuerURL()
              + "\": "
              + e.getMessage());
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("claims", CelValues.of(claims));
    data.put("vars", vars);
    try {
      for (Map.Entry<String, CelExpression> v : compiled.variables()) {
        vars.put(v.getKey(), v.getValue().eval(data));
      }
    } catch (CelExpressionException e) {
      throw new WebhookRejection(401, "failed to evaluate variable: " + e.getMessage());
    }
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, CelExpression> check : compiled.checks()) {
      boolean ok;
      try {
        ok = check.getValue().evaluate(data);
      } catch (CelExpressionException e) {
        throw new WebhookRejection(401, "failed to evaluate validation: " + e.getMessage());
      }
      if (!ok) {
        failures.add(check.getKey());
      }
    }
    if (!failures.isEmpty()) {
      throw new WebhookRejection(401, "token validation failed: " + String.join("; ", failures));
    }
  }

  private PublicKey key(String issuer, String kid) throws WebhookRejection {
    Issuer known = issuers.get(issuer);
    Instant now = clock.instant();
    if (known == null
        || (!known.keys().containsKey(kid)
            && now.isAfter(known.fetched().plus(Duration.ofMinutes(1))))) {
      known = discover(issuer);
      issuers.put(issuer, known);
    }
    PublicKey key = known.keys().get(kid);
    if (key == null) {
      throw new WebhookRejection(401, "failed to verify OIDC token: unknown signing key");
    }
    return key;
  }

  private Issuer discover(String issuer) throws WebhookRejection {
    try {
      String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
      JsonNode config = get(URI.create(base + "/.well-known/openid-configuration"));
      String announced = config.path("issuer").asText("");
      if (!issuer.equals(announced)) {
        throw new WebhookRejection(
            401,
            "failed to initialize OIDC provider for issuer \""
                + issuer
                + "\": oidc: issuer URL provided to client (\""
                + issuer
                + "\") did not match the issuer URL returned by provider (\""
                + announced
                + "\")");
      }
      URI jwks = URI.create(config.path("jwks_uri").asText());
      Map<String, PublicKey> keys = Jwt.rsaKeys(get(jwks));
      return new Issuer(jwks, keys, clock.instant());
    } catch (WebhookRejection e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebhookRejection(
          401, "failed to initialize OIDC provider for issuer \"" + issuer + "\"");
    } catch (Exception e) {
      throw new WebhookRejection(
          401,
          "failed to initialize OIDC provider for issuer \"" + issuer + "\": " + e.getMessage());
    }
  }

  private JsonNode get(URI uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri.getPath() + ": " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
