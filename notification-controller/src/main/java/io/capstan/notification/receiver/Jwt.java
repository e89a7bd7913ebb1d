package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact-serialised JWT (ID token) and the checks the token-verifying Receivers share ({@link
 * GoogleIdTokenVerifier} for {@code gcr}, {@link GenericOidcVerifier} for {@code generic-oidc}): an
 * RS256 signature by a key of a JWKS, {@code exp} and {@code nbf}/{@code iat} against the clock
 * with a leeway. Each verifier keeps its own (Flux's) error messages.
 */
final class Jwt {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String signingInput;
  private final String signature;
  private final JsonNode header;
  private final JsonNode claims;

  private Jwt(String signingInput, String signature, JsonNode header, JsonNode claims) {
    this.signingInput = signingInput;
    this.signature = signature;
    this.header = header;
    this.claims = claims;
  }

  /**
   * Splits and decodes {@code token}; its signature is not checked yet.
   *
   * @throws WebhookRejection 401 {@code notJwt} when it has not three parts, {@code malformed} when
   *     the header or claims are not base64url JSON objects
   */
  static Jwt parse(String token, String notJwt, String malformed) throws WebhookRejection {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new WebhookRejection(401, notJwt);
    }
    return new Jwt(
        parts[0] + "." + parts[1],
        parts[2],
        decode(parts[0], malformed),
        decode(parts[1], malformed));
  }

  /** The JOSE header. */
  JsonNode header() {
    return header;
  }

  /** The claims (payload). */
  JsonNode claims() {
    return claims;
  }

  /** Whether the header names RS256, the only algorithm accepted. */
  boolean isRs256() {
    return "RS256".equals(header.path("alg").asText());
  }

  /** The header's {@code kid} ("" when absent). */
  String keyId() {
    return header.path("kid").asText("");
  }

  /** Whether the signature is a valid RS256 signature by {@code key} (false when malformed). */
  boolean signedBy(PublicKey key) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return rsa.verify(Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code exp} is missing or more than {@code leeway} before {@code now}. */
  boolean expired(Instant now, Duration leeway) {
    JsonNode exp = claims.path("exp");
    return !exp.canConvertToLong()
        || now.minus(leeway).isAfter(Instant.ofEpochSecond(exp.asLong()));
  }

  /** Whether the time claim {@code name} (nbf, iat) is present and after {@code now + leeway}. */
  boolean notYet(String name, Instant now, Duration leeway) {
    JsonNode time = claims.path(name);
    return time.canConvertToLong()
        && Instant.ofEpochSecond(time.asLong()).isAfter(now.plus(leeway));
  }

  /** The RSA keys of a JWKS document by {@code kid} (other key types are skipped). */
  static Map<String, PublicKey> rsaKeys(JsonNode jwks) throws GeneralSecurityException {
    Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    for (JsonNode k : jwks.path("keys")) {
      if (!"RSA".equals(k.path("kty").asText())) {
        continue;
      }
      BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asText()));
      BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("e").asText()));
      keys.put(k.path("kid").asText(""), rsa.generatePublic(new RSAPublicKeySpec(n, e)));
    }
    return keys;
  }

  private static JsonNode decode(String part, String malformed) throws WebhookRejection {
    try {
      JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not an object");
      }
      return node;
    } catch (Exception e) {
      throw new WebhookRejection(401, malformed);
    }
  }
}
