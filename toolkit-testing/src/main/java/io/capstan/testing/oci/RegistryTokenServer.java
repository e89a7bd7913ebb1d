package io.capstan.testing.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token service of the Docker registry's {@code auth: token} mode, in process: {@code GET
 * /token?service=..&scope=repository:name:pull,push} with HTTP basic credentials returns {@code
 * {"token": "<JWT>"}}, an ES256 JWT whose {@code x5c} header carries a certificate issued by a test
 * CA that the registry trusts ({@code rootcertbundle}). Wrong or missing credentials get 401.
 */
final class RegistryTokenServer implements AutoCloseable {

  static final String SERVICE = "capstan-test-registry";
  static final String ISSUER = "capstan-test-token-issuer";

  private final CertificateAuthority authority = CertificateAuthority.create("capstan-token-ca");
  private final IssuedCertificate signer = authority.issueServer(List.of("127.0.0.1"), List.of());
  private final String username;
  private final String password;
  private final HttpServer server;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> scopes = new CopyOnWriteArrayList<>();

  RegistryTokenServer(String username, String password) {
    this.username = username;
    this.password = password;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/token", this::handle);
    server.start();
  }

  /** The realm URL for the registry config. */
  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** PEM of the CA the registry must trust for token signatures. */
  String rootCertificatePem() {
    return authority.certificatePem();
  }

  /** Tokens issued so far. */
  int tokensIssued() {
    return issued.get();
  }

  /** The scopes requested so far, in order. */
  List<String> requestedScopes() {
    return List.copyOf(scopes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(auth)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"token\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      List<String> requested = new ArrayList<>();
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null) {
        for (String pair : query.split("&")) {
          if (pair.startsWith("scope=")) {
            requested.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
          }
        }
      }
      scopes.addAll(requested);
      byte[] body =
          ("{\"token\":\"" + token(username, requested) + "\",\"expires_in\":300}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      issued.incrementAndGet();
    }
  }

  /** A token granting the requested {@code repository:name:actions} scopes to {@code subject}. */
  String token(String subject, List<String> requested) {
    StringBuilder access = new StringBuilder("[");
    for (String scope : requested) {
      String[] parts = scope.split(":");
      if (parts.length != 3) {
        continue;
      }
      if (access.length() > 1) {
        access.append(',');
      }
      StringBuilder actions = new StringBuilder();
      for (String a : parts[2].split(",")) {
        actions.append(actions.length() == 0 ? "" : ",").append('"').append(a).append('"');
      }
      access
          .append("{\"type\":\"")
          .append(parts[0])
          .append("\",\"name\":\"")
          .append(parts[1])
          .append("\",\"actions\":[")
          .append(actions)
          .append("]}");
    }
    access.append(']');
    long now = Instant.now().getEpochSecond();
    String x5c;
    try {
      x5c = Base64.getEncoder().encodeToString(signer.certificate().getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    String header = "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"x5c\":[\"" + x5c + "\"]}";
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\""
            + subject
            + "\",\"aud\":\""
            + SERVICE
            + "\",\"exp\":"
            + (now + 300)
            + ",\"nbf\":"
            + (now - 10)
            + ",\"iat\":"
            + now
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\",\"access\":"
            + access
            + "}";
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        url.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
      es256.initSign(signer.keys().getPrivate());
      es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + url.encodeToString(es256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
