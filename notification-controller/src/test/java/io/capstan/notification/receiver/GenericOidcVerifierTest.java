package io.capstan.notification.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capstan.api.notification.v1.OidcProvider;
import io.capstan.api.notification.v1.OidcValidation;
import io.capstan.api.notification.v1.OidcVariable;
import io.capstan.notification.OidcIssuer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The generic-oidc Receiver's token verification against a local OIDC issuer. */
class GenericOidcVerifierTest {

  private static OidcIssuer issuer;
  private final GenericOidcVerifier verifier = new GenericOidcVerifier(Clock.systemUTC());

  @BeforeAll
  static void start() throws Exception {
    issuer = new OidcIssuer();
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  private static OidcValidation validation(String expr, String message) {
    OidcValidation v = new OidcValidation();
    v.setExpression(expr);
    v.setMessage(message);
    return v;
  }

  private static OidcProvider provider(String audience) {
    OidcProvider p = new OidcProvider();
    p.setIssuerURL(issuer.url());
    p.setAudience(audience);
    OidcVariable repo = new OidcVariable();
    repo.setName("repo");
    repo.setExpression("claims.repository.split('/')[1]");
    p.setVariables(List.of(repo));
    p.setValidations(
        List.of(
            validation("claims.sub.startsWith('repo:acme/')", "must come from acme"),
            validation("vars.repo == 'app'", "must be the app repository")));
    return p;
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> c = issuer.claims("notification-controller");
    if (value == null) {
      c.remove(key);
    } else {
      c.put(key, value);
    }
    return c;
  }

  @Test
  @DisplayName("a token of the configured issuer passing every validation returns its claims")
  void valid() throws Exception {
    Map<String, Object> claims =
        verifier.verify(
            "Bearer " + issuer.sign(issuer.claims("notification-controller")),
            List.of(provider(null)));
    assertThat(claims).containsEntry("repository", "acme/app").containsKey("exp");
    // aud as a list, an explicit audience
    verifier.verify(
        "Bearer " + issuer.sign(with("aud", List.of("other", "flux"))), List.of(provider("flux")));
  }

  static Stream<Arguments> rejected() {
    long now = Instant.now().getEpochSecond();
    return Stream.of(
        Arguments.of("no Authorization", null, "the Authorization header is missing or malformed"),
        Arguments.of("empty bearer", "Bearer ", "missing a bearer token"),
        Arguments.of("not a JWT", "Bearer abc.def", "token is not a JWT"),
        Arguments.of(
            "forged signature",
            "Bearer " + OidcIssuer.sign(newKey(), "k1", with("sub", "repo:acme/app")),
            "failed to verify signature"),
        Arguments.of(
            "unknown kid",
            "Bearer " + OidcIssuer.sign(newKey(), "k9", with("sub", "repo:acme/app")),
            "unknown signing key"),
        Arguments.of(
            "wrong audience", "Bearer " + issuer.sign(with("aud", "other")), "expected audience"),
        Arguments.of("expired", "Bearer " + issuer.sign(with("exp", now - 10)), "token is expired"),
        Arguments.of(
            "issued in the future",
            "Bearer " + issuer.sign(with("iat", now + 3600)),
            "current time is before the iat"),
        Arguments.of(
            "issuer not configured",
            "Bearer " + issuer.sign(with("iss", "https://evil.example")),
            "no oidcProvider configured for issuer \"https://evil.example\""),
        Arguments.of("no iss", "Bearer " + issuer.sign(with("iss", null)), "missing the 'iss'"),
        Arguments.of(
            "validations fail, messages joined",
            "Bearer "
                + issuer.sign(
                    with("sub", "repo:evil/app").entrySet().stream()
                        .collect(
                            java.util.stream.Collectors.toMap(
                                Map.Entry::getKey,
                                e ->
                                    e.getKey().equals("repository")
                                        ? (Object) "evil/lib"
                                        : e.getValue()))),
            "token validation failed: must come from acme; must be the app repository"));
  }

  private static java.security.KeyPair newKey() {
    try {
      return OidcIssuer.newKey();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  @DisplayName("bad tokens are 401 with a precise message that never echoes the token")
  void rejects(String name, String authorization, String message) {
    WebhookRejection e =
        catchThrowableOfType(
            () -> verifier.verify(authorization, List.of(provider(null))), WebhookRejection.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.getMessage()).contains(message);
    if (authorization != null && authorization.length() > 20) {
      assertThat(e.getMessage()).doesNotContain(authorization.substring(7));
    }
  }

  @Test
  @DisplayName("a discovery document naming another issuer is refused (go-oidc's check)")
  void issuerMismatch() throws Exception {
    try (OidcIssuer spoofed = new OidcIssuer()) {
      spoofed.announce("https://accounts.example.com");
      OidcProvider p = provider(null);
      p.setIssuerURL(spoofed.url());
      Map<String, Object> claims = spoofed.claims("notification-controller");
      assertThatThrownBy(() -> verifier.verify("Bearer " + spoofed.sign(claims), List.of(p)))
          .isInstanceOf(WebhookRejection.class)
          .hasMessageContaining("did not match the issuer URL returned by provider");
    }
  }

  static Stream<Arguments> specs() {
    Consumer<OidcProvider> none = p -> {};
    return Stream.of(
        Arguments.of("valid", none, null, false),
        Arguments.of(
            "no validations",
            (Consumer<OidcProvider>) p -> p.setValidations(List.of()),
            "at least one validation is required",
            false),
        Arguments.of(
            "issuer not http(s)",
            (Consumer<OidcProvider>) p -> p.setIssuerURL("ftp://x"),
            "must start with http:// or https://",
            false),
        Arguments.of(
            "validation not boolean",
            (Consumer<OidcProvider>) p -> p.setValidations(List.of(validation("1 + 2", "m"))),
            "invalid expression for validation \"m\"",
            true),
        Arguments.of(
            "variable does not parse",
            (Consumer<OidcProvider>) p -> p.getVariables().get(0).setExpression("claims.("),
            "invalid expression for variable \"repo\"",
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  @DisplayName("oidcProviders are validated and compiled as Flux (ValidationFailed / InvalidCEL)")
  void specValidation(String name, Consumer<OidcProvider> change, String error, boolean cel) {
    OidcProvider p = provider(null);
    change.accept(p);
    if (error == null) {
      GenericOidcVerifier.validateSpec(List.of(p));
      return;
    }
    IllegalArgumentException e =
        catchThrowableOfType(
            () -> GenericOidcVerifier.validateSpec(List.of(p)), IllegalArgumentException.class);
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(error);
    assertThat(GenericOidcVerifier.isCelError(e)).isEqualTo(cel);
  }
}
