package io.capstan.cli.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code .dockerconfigjson} of {@code --registry-creds}, as Flux's {@code
 * sourcesecret.GenerateDockerConfigJson} writes it: one {@code auths} entry keyed by the {@code
 * --registry} value with {@code username}, {@code password} and {@code auth} (base64 of {@code
 * user:password}).
 */
final class RegistryCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryCredentials() {}

  /** The JSON bytes (compact, Go's field order). */
  static byte[] dockerConfigJson(String registry, String username, String password) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode entry = root.putObject("auths").putObject(registry);
    if (!username.isEmpty()) {
      entry.put("username", username);
    }
    if (!password.isEmpty()) {
      entry.put("password", password);
    }
    entry.put(
        "auth",
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    // JsonNode.toString() is Jackson's compact JSON serialization
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }
}
