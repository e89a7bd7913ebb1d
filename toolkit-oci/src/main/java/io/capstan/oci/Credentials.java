package io.capstan.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry login: username and password (or a registry token as password). {@link #toString()}
 * never reveals the password.
 */
public record Credentials(String username, String password) {

  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** The {@code Authorization: Basic ...} header value. */
  public String basicHeader() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=<redacted>]";
  }
}
