package io.capstan.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code auths} of a Docker config ({@code .dockerconfigjson} of a Secret of type {@code
 * kubernetes.io/dockerconfigjson}, or {@code ~/.docker/config.json}): per registry either {@code
 * auth} (base64 {@code user:password}) or {@code username} + {@code password}. Keys may be hosts or
 * URLs ({@code https://index.docker.io/v1/}).
 */
public final class DockerConfig {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Credentials> byHost;

  private DockerConfig(Map<String, Credentials> byHost) {
    this.byHost = byHost;
  }

  /**
   * Parses a Docker config. The error message says what is wrong, never what the values are.
   *
   * @throws IllegalArgumentException on malformed JSON or an entry without usable credentials
   */
  public static DockerConfig parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("docker config is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("docker config is not a JSON object");
    }
    JsonNode auths = root.path("auths");
    Map<String, Credentials> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : auths.properties()) {
      out.put(host(e.getKey()), credentials(e.getKey(), e.getValue()));
    }
    return new DockerConfig(out);
  }

  /** Credentials for {@code registry} ({@code host[:port]}), if the config has an entry. */
  public Optional<Credentials> credentialsFor(String registry) {
    String host = host(registry);
    Credentials c = byHost.get(host);
    if (c == null && host.equals(OciReference.DOCKER_HUB)) {
      c = byHost.get("index.docker.io");
    }
    return Optional.ofNullable(c);
  }

  /** Registries with an entry (normalized hosts). */
  public java.util.Set<String> registries() {
    return byHost.keySet();
  }

  private static Credentials credentials(String key, JsonNode entry) {
    String user = entry.path("username").asText("");
    String pass = entry.path("password").asText("");
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "docker config entry for '" + key + "' has an 'auth' value that is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "docker config entry for '" + key + "' has an 'auth' value without 'user:password'");
      }
      user = decoded.substring(0, colon);
      pass = decoded.substring(colon + 1);
    }
    if (user.isEmpty() && pass.isEmpty()) {
      String token = entry.path("identitytoken").asText("");
      if (!token.isEmpty()) {
        // The token is sent as the password of the "<token>" user, as registries expect.
        return new Credentials("<token>", token);
      }
      throw new IllegalArgumentException(
          "docker config entry for '" + key + "' has neither 'auth' nor username/password");
    }
    return new Credentials(user, pass);
  }

  /** Normalizes a config key or registry to {@code host[:port]}. */
  static String host(String key) {
    String k = key.trim();
    if (k.contains("://")) {
      URI uri = URI.create(k);
      k = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    } else if (k.contains("/")) {
      k = k.substring(0, k.indexOf('/'));
    }
    k = k.toLowerCase(java.util.Locale.ROOT);
    if (k.equals("docker.io") || k.equals("index.docker.io")) {
      return OciReference.DOCKER_HUB;
    }
    return k;
  }
}
