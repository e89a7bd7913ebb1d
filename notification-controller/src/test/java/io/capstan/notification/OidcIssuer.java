package io.capstan.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OIDC issuer on 127.0.0.1: {@code /.well-known/openid-configuration} and a JWKS with one
 * RSA key ({@code kid} {@code k1}); signs ID tokens with it (or with any other key, for forgeries).
 */
public final class OidcIssuer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final KeyPair key;
  private final AtomicInteger discoveries = new AtomicInteger();
  private volatile String announcedIssuer;

  public OidcIssuer() throws IOException, NoSuchAlgorithmException {
    key = newKey();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/.well-known/openid-configuration",
        ex -> {
          try (ex) {
            discoveries.incrementAndGet();
            String issuer = announcedIssuer != null ? announcedIssuer : url();
            byte[] b =
                JSON.writeValueAsBytes(
                    Map.of(
                        "issuer",
                        issuer,
                        "jwks_uri",
                        url() + "/keys",
                        "id_token_signing_alg_values_supported",
                        List.of("RS256")));
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          }
        });
    server.createContext(
        "/keys",
        ex -> {
          try (ex) {
            byte[] b = jwks(key).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          }
        });
    server.start();
  }

  /** A fresh RSA key (forgeries). */
  public static KeyPair newKey() throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** A JWKS document publishing {@code key}'s public half as RS256 key {@code k1}. */
  public static String jwks(KeyPair key) {
    RSAPublicKey pub = (RSAPublicKey) key.getPublic();
    try {
      return JSON.writeValueAsString(
          Map.of(
              "keys",
              List.of(
                  Map.of(
                      "kty", "RSA",
                      "alg", "RS256",
                      "use", "sig",
                      "kid", "k1",
                      "n", b64(unsigned(pub.getModulus())),
                      "e", b64(unsigned(pub.getPublicExponent()))))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer URL ({@code http://127.0.0.1:<port>}). */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Makes the discovery document announce another issuer (a misconfigured or spoofed one). */
  public void announce(String issuer) {
    this.announcedIssuer = issuer;
  }

  /** Discovery documents served so far. */
  public int discoveries() {
    return discoveries.get();
  }

  /** Valid claims for {@code audience}: iss, sub, aud, iat, exp (+1 h), repository. */
  public Map<String, Object> claims(String audience) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", url());
    c.put("sub", "repo:acme/app:ref:refs/heads/main");
    c.put("aud", audience);
    c.put("iat", now - 5);
    c.put("exp", now + 3600);
    c.put("repository", "acme/app");
    c.put("ref", "refs/heads/main");
    return c;
  }

  /** A token signed by this issuer's key. */
  public String sign(Map<String, Object> claims) {
    return sign(key, "k1", claims);
  }

  /** A token signed by {@code signer} under {@code kid}. */
  public static String sign(KeyPair signer, String kid, Map<String, Object> claims) {
    try {
      String header = b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "kid", kid, "typ", "JWT")));
      String payload = b64(JSON.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(signer.getPrivate());
      rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64(rsa.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(BigInteger i) {
    byte[] b = i.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
