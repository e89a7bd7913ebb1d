package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Recovers a SOPS file's 32-byte data key from the first master key the {@link SopsKeys} can open:
 * age, then OpenPGP, then HashiCorp Vault transit (an HTTP call with the token). Cloud KMS keys are
 * reported as unsupported.
 */
final class DataKeys {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration VAULT_TIMEOUT = Duration.ofSeconds(30);

  private DataKeys() {}

  /**
   * The data key. With one key group, the first master key that opens it. With several (Shamir
   * secret sharing), one part per group from the first key of that group that opens it, and at
   * least {@code shamir_threshold} parts combined into the key ({@link Shamir}).
   *
   * @throws SopsDecryptionException "Error getting data key: N successful groups required, got M"
   *     (SOPS's words) followed by why each master key failed
   */
  static byte[] dataKey(SopsMetadata metadata, SopsKeys keys) throws SopsDecryptionException {
    List<List<SopsMetadata.MasterKey>> groups = metadata.keyGroups();
    if (groups.size() == 1) {
      List<String> failures = new ArrayList<>();
      byte[] dataKey = openGroup(groups.get(0), keys, failures);
      if (dataKey != null) {
        if (dataKey.length != 32) {
          throw new SopsDecryptionException("data key has the wrong length");
        }
        return dataKey;
      }
      throw new SopsDecryptionException(
          "Error getting data key: "
              + metadata.shamirThreshold()
              + " successful groups required, got 0 ("
              + String.join("; ", failures)
              + ")");
    }
    List<byte[]> parts = new ArrayList<>();
    List<String> results = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      List<String> failures = new ArrayList<>();
      byte[] part = openGroup(groups.get(i), keys, failures);
      if (part != null) {
        parts.add(part);
        results.add("group " + i + ": SUCCESS");
      } else {
        results.add("group " + i + ": FAILED (" + String.join("; ", failures) + ")");
      }
    }
    if (parts.size() < metadata.shamirThreshold() || parts.isEmpty()) {
      throw new SopsDecryptionException(
          "Error getting data key: "
              + metadata.shamirThreshold()
              + " successful groups required, got "
              + parts.size()
              + " ("
              + String.join("; ", results)
              + ")");
    }
    byte[] dataKey;
    try {
      dataKey = Shamir.combine(parts);
    } catch (SopsDecryptionException e) {
      throw new SopsDecryptionException(
          "could not get data key from shamir parts: " + e.getMessage(), e);
    }
    if (dataKey.length != 32) {
      throw new SopsDecryptionException("data key has the wrong length");
    }
    return dataKey;
  }

  /** The secret the first key of {@code group} opens, or null with why each failed. */
  private static byte[] openGroup(
      List<SopsMetadata.MasterKey> group, SopsKeys keys, List<String> failures) {
    for (SopsMetadata.MasterKey key : group) {
      try {
        byte[] secret = open(key, keys);
        if (secret != null) {
          return secret;
        }
      } catch (SopsDecryptionException e) {
        failures.add(key.describe() + ": " + e.getMessage());
        continue;
      }
      failures.add(key.describe() + ": no matching key imported");
    }
    if (group.isEmpty()) {
      failures.add("the file lists no master keys");
    }
    return null;
  }

  private static byte[] open(SopsMetadata.MasterKey key, SopsKeys keys)
      throws SopsDecryptionException {
    String enc = key.fields().path("enc").asText();
    switch (key.kind()) {
      case "age":
        if (keys.ageIdentities().isEmpty()) {
          return null;
        }
        return AgeFile.decrypt(enc, keys.ageIdentities());
      case "pgp":
        if (keys.pgp().isEmpty()) {
          return null;
        }
        return keys.pgp().decrypt(enc);
      case "hc_vault":
        if (keys.vaultToken().isEmpty()) {
          return null;
        }
        return vaultDecrypt(key.fields(), enc, keys.vaultToken().get());
      default:
        throw new SopsDecryptionException(
            "decryption with "
                + key.kind()
                + " is not supported by Capstan yet (use age or OpenPGP keys)");
    }
  }

  private static byte[] vaultDecrypt(JsonNode fields, String ciphertext, String token)
      throws SopsDecryptionException {
    String address = fields.path("vault_address").asText();
    String engine = trimSlashes(fields.path("engine_path").asText());
    String keyName = fields.path("key_name").asText();
    URI uri;
    try {
      uri = URI.create(trimSlashes(address) + "/v1/" + engine + "/decrypt/" + keyName);
    } catch (IllegalArgumentException e) {
      throw new SopsDecryptionException("invalid Vault address");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(VAULT_TIMEOUT).build();
    try {
      String body = JSON.writeValueAsString(Map.of("ciphertext", ciphertext));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(VAULT_TIMEOUT)
                  .header("X-Vault-Token", token)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw new SopsDecryptionException(
            "Vault transit decrypt returned HTTP " + response.statusCode());
      }
      JsonNode plaintext = JSON.readTree(response.body()).path("data").path("plaintext");
      if (!plaintext.isTextual()) {
        throw new SopsDecryptionException("Vault transit decrypt returned no plaintext");
      }
      return Base64.getDecoder().decode(plaintext.asText());
    } catch (IOException | IllegalArgumentException e) {
      throw new SopsDecryptionException(
          "Vault transit decrypt failed: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SopsDecryptionException("interrupted while calling Vault");
    }
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
