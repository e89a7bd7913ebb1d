package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "failed to clone https://user:s3cret@github.com/org/repo |"
            + " failed to clone https://***@github.com/org/repo",
        "failed to clone https://ghp_token@github.com/org/repo |"
            + " failed to clone https://***@github.com/org/repo",
        "GET https://bucket.s3.amazonaws.com/x?X-Amz-Signature=abc123&X-Amz-Date=1 failed |"
            + " GET https://bucket.s3.amazonaws.com/x?X-Amz-Signature=***&X-Amz-Date=1 failed",
        "webhook https://hooks.example.com/x?token=abc&channel=ops |"
            + " webhook https://hooks.example.com/x?token=***&channel=ops",
        "request had Authorization: Bearer eyJhbGci.payload.sig |"
            + " request had Authorization: Bearer ***",
        "invalid config password=hunter2, retrying | invalid config password=***, retrying",
        "stored artifact for revision 'main@sha1:abc' | stored artifact for revision 'main@sha1:abc'",
        "ssh://git@github.com:org/repo.git unreachable | ssh://***@github.com:org/repo.git unreachable",
        "the token is invalid | the token is invalid",
      })
  @DisplayName("well-known secret shapes are masked and ordinary text is left alone")
  void masksShapes(String input, String expected) {
    assertThat(SecretRedaction.redact(input)).isEqualTo(expected);
  }

  @Test
  @DisplayName("known secret values are masked wherever they appear, longest first")
  void masksLiterals() {
    String message = "auth failed for user bob with key abcdef and abc";

    assertThat(SecretRedaction.redact(message, List.of("abc", "abcdef")))
        .isEqualTo("auth failed for user bob with key *** and ***");
  }

  @Test
  @DisplayName("null stays null")
  void nullText() {
    assertThat(SecretRedaction.redact(null)).isNull();
  }
}
