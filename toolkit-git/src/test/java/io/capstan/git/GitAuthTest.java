package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitAuthTest {

  private static Map<String, byte[]> data(String... kv) {
    Map<String, byte[]> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("https://h/r.git", data(), GitAuth.Kind.NONE),
        Arguments.of("http://h/r.git", data(), GitAuth.Kind.NONE),
        Arguments.of("https://h/r.git", data("username", "u", "password", "p"), GitAuth.Kind.BASIC),
        Arguments.of("https://h/r.git", data("username", "u"), GitAuth.Kind.BASIC),
        Arguments.of("https://u:p@h/r.git", data(), GitAuth.Kind.BASIC),
        Arguments.of("https://h/r.git", data("bearerToken", "t"), GitAuth.Kind.BEARER),
        Arguments.of("http://h/r.git", data("bearerToken", "t"), GitAuth.Kind.BEARER),
        Arguments.of("http://h/r.git", data("ca.crt", "ignored for http"), GitAuth.Kind.NONE));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("valid")
  @DisplayName("reads basic, bearer or no credentials from the secret and the URL")
  void validSecrets(String url, Map<String, byte[]> secret, GitAuth.Kind kind) throws Exception {
    assertThat(GitAuth.fromSecret(url, secret).kind()).isEqualTo(kind);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("https://h/r.git", data("password", "p"), "'password' requires 'username'"),
        Arguments.of(
            "https://h/r.git",
            data("bearerToken", "t", "username", "u"),
            "basic auth and bearer token cannot be set at the same time"),
        Arguments.of(
            "https://u@h/r.git",
            data("bearerToken", "t"),
            "basic auth and bearer token cannot be set at the same time"),
        Arguments.of("ssh://git@h/r.git", data(), "'identity' is required"),
        Arguments.of("ssh://git@h/r.git", data("identity", "x"), "'known_hosts' is required"),
        Arguments.of(
            "ssh://git@h/r.git",
            data("identity", "not a key", "known_hosts", "h ssh-ed25519 AAAA"),
            "'identity' holds no private key"),
        Arguments.of("ftp://h/r.git", data(), "unknown transport 'ftp'"),
        Arguments.of("h/r.git", data(), "no transport type set"),
        Arguments.of("https://h/r.git", data("ca.crt", "garbage"), "TLS"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("invalid")
  @DisplayName("invalid combinations fail with InvalidAuth naming keys, never values")
  void invalidSecrets(String url, Map<String, byte[]> secret, String message) {
    assertThatThrownBy(() -> GitAuth.fromSecret(url, secret))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((GitException) e).reason()).isEqualTo("AuthenticationFailed"));
  }

  @Test
  @DisplayName("toString and the redacted URL never show secret values")
  void noSecretsInText() throws Exception {
    GitAuth basic =
        GitAuth.fromSecret("https://h/r.git", data("username", "alice", "password", "hunter2"));
    GitAuth bearer = GitAuth.fromSecret("https://h/r.git", data("bearerToken", "tok-abc"));

    assertThat(basic.toString()).doesNotContain("hunter2").doesNotContain("alice");
    assertThat(bearer.toString()).doesNotContain("tok-abc");
    assertThat(TransportFailures.redactUrl("https://alice:hunter2@h/r.git"))
        .isEqualTo("https://alice:***@h/r.git");
    assertThat(
            new TransportFailures("https://h/r.git", basic, java.time.Duration.ofSeconds(1), null)
                .scrub("server said hunter2"))
        .isEqualTo("server said ***");
  }

  static Stream<Arguments> proxies() {
    return Stream.of(
        Arguments.of(data("address", "http://proxy:3128"), GitProxy.Type.HTTP, 3128, null),
        Arguments.of(data("address", "https://proxy"), GitProxy.Type.HTTP, 443, null),
        Arguments.of(data("address", "socks5://proxy"), GitProxy.Type.SOCKS5, 1080, null),
        Arguments.of(data(), null, 0, "key 'address' not found"),
        Arguments.of(data("address", "ftp://proxy"), null, 0, "unsupported proxy scheme 'ftp'"),
        Arguments.of(
            data("address", "http://proxy", "password", "p"),
            null,
            0,
            "'password' requires 'username'"));
  }

  @ParameterizedTest(name = "{0} -> {1} {3}")
  @MethodSource("proxies")
  @DisplayName("a proxy secret needs an http, https or socks5 address")
  void proxySecret(Map<String, byte[]> secret, GitProxy.Type type, int port, String error)
      throws Exception {
    if (error == null) {
      GitProxy p = GitProxy.fromSecret(secret);
      assertThat(p.type()).isEqualTo(type);
      assertThat(p.port()).isEqualTo(port);
    } else {
      assertThatThrownBy(() -> GitProxy.fromSecret(secret))
          .isInstanceOf(GitException.InvalidAuth.class)
          .hasMessageContaining(error);
    }
  }
}
