package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DockerConfigTest {

  private static DockerConfig parse(String json) {
    return DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("reads auth (base64 user:password) and username/password entries by host")
  void readsEntries() {
    String auth =
        Base64.getEncoder().encodeToString("bot:s3cr:et".getBytes(StandardCharsets.UTF_8));
    DockerConfig c =
        parse(
            "{\"auths\":{\"ghcr.io\":{\"auth\":\""
                + auth
                + "\"},\"https://index.docker.io/v1/\":{\"username\":\"u\",\"password\":\"p\"},"
                + "\"127.0.0.1:5000\":{\"identitytoken\":\"tok\"}}}");
    assertThat(c.credentialsFor("ghcr.io")).contains(new Credentials("bot", "s3cr:et"));
    assertThat(c.credentialsFor(OciReference.DOCKER_HUB)).contains(new Credentials("u", "p"));
    assertThat(c.credentialsFor("127.0.0.1:5000")).contains(new Credentials("<token>", "tok"));
    assertThat(c.credentialsFor("quay.io")).isEmpty();
  }

  @Test
  @DisplayName("errors name the entry, never the secret values")
  void errorsWithoutSecrets() {
    assertThatThrownBy(() -> parse("{\"auths\":{\"ghcr.io\":{\"auth\":\"%%notbase64-hunter2\"}}}"))
        .hasMessageContaining("ghcr.io")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> parse("not json hunter2")).hasMessageNotContaining("hunter2");
    assertThat(new Credentials("u", "hunter2").toString()).doesNotContain("hunter2");
  }
}
