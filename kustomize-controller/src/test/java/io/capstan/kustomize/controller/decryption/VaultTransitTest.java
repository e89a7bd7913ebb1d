package io.capstan.kustomize.controller.decryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sops.vault-token}: the Vault transit decrypt call, against a small fake of Vault's transit
 * engine on 127.0.0.1 (no real Vault can run in this environment). The real sops CLI encrypts
 * against the same fake, so the request and response shapes are sops's own.
 */
class VaultTransitTest {

  private static final String TOKEN = "hvs.test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static SopsCli cli;
  static HttpServer vault;
  static final Map<String, String> stored = new ConcurrentHashMap<>();
  static final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cli = new SopsCli(dir);
    vault = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    vault.createContext("/v1/transit/", VaultTransitTest::transit);
    vault.start();
  }

  @AfterAll
  static void stop() {
    vault.stop(0);
    cli.close();
  }

  /**
   * Vault transit: encrypt stores the base64 plaintext under a fresh ciphertext; decrypt returns
   * it.
   */
  private static void transit(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    int status = 200;
    Object response;
    if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
      status = 403;
      response = Map.of("errors", List.of("permission denied"));
    } else if (path.equals("/v1/transit/encrypt/capstan")) {
      String ciphertext = "vault:v1:" + UUID.randomUUID();
      stored.put(ciphertext, body.path("plaintext").asText());
      response = Map.of("data", Map.of("ciphertext", ciphertext));
    } else if (path.equals("/v1/transit/decrypt/capstan")
        && stored.containsKey(body.path("ciphertext").asText())) {
      response = Map.of("data", Map.of("plaintext", stored.get(body.path("ciphertext").asText())));
    } else {
      status = 400;
      response = Map.of("errors", List.of("invalid ciphertext"));
    }
    byte[] bytes = JSON.writeValueAsBytes(response);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] encryptWithVault(String name, String content) throws Exception {
    Path plain = Files.writeString(dir.resolve(name), content);
    String uri = "http://127.0.0.1:" + vault.getAddress().getPort() + "/v1/transit/keys/capstan";
    return cli.sops(
        List.of("encrypt", "--hc-vault-transit", uri, plain.toString()),
        Map.of(
            "VAULT_TOKEN",
            TOKEN,
            "VAULT_ADDR",
            "http://127.0.0.1:" + vault.getAddress().getPort()));
  }

  @Test
  @DisplayName("a file sops encrypted with a Vault transit key decrypts with sops.vault-token")
  void decryptsWithVaultToken() throws Exception {
    byte[] encrypted = encryptWithVault("vault.env", "DB_PASSWORD=vault-secret\n");
    assertThat(new String(encrypted, StandardCharsets.UTF_8))
        .contains("sops_hc_vault__list_0__map_");
    SopsKeys keys =
        new SopsKeys()
            .importSecret(
                Map.of("sops.vault-token", (TOKEN + "\n").getBytes(StandardCharsets.UTF_8)),
                "ns/keys");
    byte[] plain = new SopsDecryptor(keys).decrypt(encrypted, SopsFormat.DOTENV);
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("DB_PASSWORD=vault-secret\n");
    assertThat(requests).contains("PUT /v1/transit/decrypt/capstan");
  }

  @Test
  @DisplayName("a wrong token: the data key error names the Vault key and the HTTP status only")
  void wrongToken() throws Exception {
    byte[] encrypted = encryptWithVault("vault2.env", "A=b-secret\n");
    SopsKeys keys = new SopsKeys().vaultToken("hvs.wrong");
    assertThatThrownBy(() -> new SopsDecryptor(keys).decrypt(encrypted, SopsFormat.DOTENV))
        .hasMessageContaining("Vault transit key http://127.0.0.1:")
        .hasMessageContaining("Vault transit decrypt returned HTTP 403")
        .message()
        .doesNotContain("hvs.wrong", "b-secret");
  }
}
