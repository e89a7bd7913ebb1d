package io.capstan.notification.provider;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * GitHub App credentials of a Provider's {@code secretRef} (Flux's {@code githubapp} keys): {@code
 * githubAppID}, {@code githubAppInstallationID} or {@code githubAppInstallationOwner} (exactly
 * one), {@code githubAppPrivateKey} (PEM, PKCS#1 or PKCS#8 RSA) and optional {@code
 * githubAppBaseURL} (the API URL, default {@code https://api.github.com}). {@link #toString()}
 * never prints the key.
 */
public record GitHubApp(
    long appId,
    long installationId,
    String installationOwner,
    String apiUrl,
    String privateKeyPem) {

  static final String KEY_APP_ID = "githubAppID";
  static final String KEY_INSTALLATION_ID = "githubAppInstallationID";
  static final String KEY_INSTALLATION_OWNER = "githubAppInstallationOwner";
  static final String KEY_PRIVATE_KEY = "githubAppPrivateKey";
  static final String KEY_BASE_URL = "githubAppBaseURL";

  /** GitHub's public API. */
  static final String DEFAULT_API = "https://api.github.com/";

  /**
   * The credentials in {@code secretData}, or null when it has no {@code githubAppID}.
   *
   * @throws UnsupportedProviderException with Flux's messages when they are incomplete or invalid
   */
  static GitHubApp from(Map<String, String> secretData) throws UnsupportedProviderException {
    if (!secretData.containsKey(KEY_APP_ID)) {
      return null;
    }
    long appId = number(secretData.get(KEY_APP_ID));
    long installationId = number(secretData.get(KEY_INSTALLATION_ID));
    String owner = secretData.getOrDefault(KEY_INSTALLATION_OWNER, "");
    String key = secretData.getOrDefault(KEY_PRIVATE_KEY, "");
    if (appId == 0) {
      throw invalid("app ID must be provided to use github app authentication");
    }
    if (owner.isEmpty() && installationId == 0) {
      throw invalid(
          "app installation owner or ID must be provided to use github app authentication");
    }
    if (!owner.isEmpty() && installationId != 0) {
      throw invalid(
          "only one of app installation owner or ID must be provided to use github app"
              + " authentication");
    }
    if (key.isEmpty()) {
      throw invalid("private key must be provided to use github app authentication");
    }
    GitHubApp app = new GitHubApp(appId, installationId, owner, secretData.get(KEY_BASE_URL), key);
    app.rsaKey(); // fail early on a key that does not parse
    return app;
  }

  private static long number(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0; // as Flux: a parse error reads as "not provided"
    }
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  /** The API base the token calls go to, ending with {@code /}. */
  String api() {
    if (apiUrl == null || apiUrl.isBlank()) {
      return DEFAULT_API;
    }
    String a = apiUrl.trim();
    return a.endsWith("/") ? a : a + "/";
  }

  /** The RSA key of {@link #privateKeyPem}. */
  RSAPrivateKey rsaKey() throws UnsupportedProviderException {
    return parseRsaKey(privateKeyPem);
  }

  /** An RSA private key from PEM (PKCS#1 or PKCS#8). */
  static RSAPrivateKey parseRsaKey(String privateKeyPem) throws UnsupportedProviderException {
    String pem = privateKeyPem.trim();
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      if (pkcs1) {
        org.bouncycastle.asn1.pkcs.RSAPrivateKey k =
            org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
        return (RSAPrivateKey)
            rsa.generatePrivate(
                new RSAPrivateCrtKeySpec(
                    k.getModulus(),
                    k.getPublicExponent(),
                    k.getPrivateExponent(),
                    k.getPrime1(),
                    k.getPrime2(),
                    k.getExponent1(),
                    k.getExponent2(),
                    k.getCoefficient()));
      }
      return (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid(
          "could not parse private key: invalid key: Key must be a PEM encoded PKCS1 or PKCS8 key");
    }
  }

  /** A stable cache key (hash of every field, the key included, as Flux's token cache). */
  String cacheKey() {
    try {
      var sha = java.security.MessageDigest.getInstance("SHA-256");
      String raw =
          String.join(
              ",",
              KEY_APP_ID + "=" + appId,
              KEY_INSTALLATION_OWNER + "=" + installationOwner,
              KEY_INSTALLATION_ID + "=" + installationId,
              KEY_BASE_URL + "=" + (apiUrl == null ? "" : apiUrl),
              KEY_PRIVATE_KEY + "=" + privateKeyPem);
      return new BigInteger(1, sha.digest(raw.getBytes(StandardCharsets.UTF_8))).toString(16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "GitHubApp[appId=" + appId + ", installationId=" + installationId + "]";
  }
}
