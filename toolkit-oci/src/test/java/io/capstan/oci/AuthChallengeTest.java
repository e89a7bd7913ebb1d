package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  @DisplayName("parses a Bearer challenge whose scope holds commas")
  void bearer() {
    AuthChallenge c =
        AuthChallenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry\","
                    + "scope=\"repository:org/app:pull,push\"")
            .orElseThrow();
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
    assertThat(c.param("service")).isEqualTo("registry");
    assertThat(c.param("scope")).isEqualTo("repository:org/app:pull,push");
  }

  @Test
  @DisplayName("parses Basic and rejects empty headers")
  void basic() {
    assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().scheme())
        .isEqualTo("basic");
    assertThat(AuthChallenge.parse("")).isEmpty();
  }
}
