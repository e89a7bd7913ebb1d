package io.capstan.notification.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookValidatorTest {

  private static final String TOKEN = "s3cret";
  private static final byte[] BODY =
      "{\"action\":\"push\",\"repository\":{\"repo_url\":\"x\"}}".getBytes(StandardCharsets.UTF_8);

  private static String hmac(String alg, String key) {
    return WebhookValidator.hex(alg, key, BODY);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("generic needs nothing", "generic", List.of(), Map.of(), 0),
        Arguments.of(
            "generic-hmac sha256",
            "generic-hmac",
            List.of(),
            Map.of("x-signature", "sha256=" + hmac("HmacSHA256", TOKEN)),
            0),
        Arguments.of(
            "generic-hmac sha1",
            "generic-hmac",
            List.of(),
            Map.of("x-signature", "sha1=" + hmac("HmacSHA1", TOKEN)),
            0),
        Arguments.of(
            "generic-hmac sha512",
            "generic-hmac",
            List.of(),
            Map.of("x-signature", "sha512=" + hmac("HmacSHA512", TOKEN)),
            0),
        Arguments.of(
            "generic-hmac forged",
            "generic-hmac",
            List.of(),
            Map.of("x-signature", "sha256=" + hmac("HmacSHA256", "other")),
            401),
        Arguments.of("generic-hmac missing", "generic-hmac", List.of(), Map.of(), 401),
        Arguments.of(
            "github push allowed",
            "github",
            List.of("push"),
            Map.of(
                "x-hub-signature-256",
                "sha256=" + hmac("HmacSHA256", TOKEN),
                "x-github-event",
                "push"),
            0),
        Arguments.of(
            "github legacy sha1 header",
            "github",
            List.of(),
            Map.of("x-hub-signature", "sha1=" + hmac("HmacSHA1", TOKEN), "x-github-event", "ping"),
            0),
        Arguments.of(
            "github event not allowed",
            "github",
            List.of("push"),
            Map.of(
                "x-hub-signature-256",
                "sha256=" + hmac("HmacSHA256", TOKEN),
                "x-github-event",
                "issues"),
            400),
        Arguments.of(
            "github forged",
            "github",
            List.of(),
            Map.of("x-hub-signature-256", "sha256=" + hmac("HmacSHA256", "x")),
            401),
        Arguments.of(
            "gitlab token and event (case-insensitive)",
            "gitlab",
            List.of("push hook"),
            Map.of("x-gitlab-token", TOKEN, "x-gitlab-event", "Push Hook"),
            0),
        Arguments.of(
            "gitlab wrong token", "gitlab", List.of(), Map.of("x-gitlab-token", "nope"), 401),
        Arguments.of(
            "bitbucket server signature",
            "bitbucket",
            List.of("repo:refs_changed"),
            Map.of(
                "x-hub-signature",
                "sha256=" + hmac("HmacSHA256", TOKEN),
                "x-event-key",
                "repo:refs_changed"),
            0),
        Arguments.of(
            "harbor authorization", "harbor", List.of(), Map.of("authorization", TOKEN), 0),
        Arguments.of(
            "harbor wrong authorization",
            "harbor",
            List.of(),
            Map.of("authorization", "Bearer " + TOKEN),
            401),
        Arguments.of(
            "nexus sha1 signature",
            "nexus",
            List.of(),
            Map.of("x-nexus-webhook-signature", hmac("HmacSHA1", TOKEN)),
            0),
        Arguments.of(
            "nexus forged",
            "nexus",
            List.of(),
            Map.of("x-nexus-webhook-signature", hmac("HmacSHA1", "x")),
            401),
        Arguments.of("dockerhub json", "dockerhub", List.of(), Map.of(), 0),
        Arguments.of("quay json", "quay", List.of(), Map.of(), 0),
        Arguments.of("acr json", "acr", List.of(), Map.of(), 0),
        Arguments.of(
            "gcr is refused by validate() (needs the ID token verifier)",
            "gcr",
            List.of(),
            Map.of(),
            400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validates(
      String name, String type, List<String> events, Map<String, String> headers, int status) {
    if (status == 0) {
      assertThatCode(() -> WebhookValidator.validate(type, events, TOKEN, headers, BODY))
          .doesNotThrowAnyException();
    } else {
      WebhookRejection e =
          catchThrowableOfType(
              () -> WebhookValidator.validate(type, events, TOKEN, headers, BODY),
              WebhookRejection.class);
      assertThat(e).isNotNull();
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).doesNotContain(TOKEN);
    }
  }

  private static final String CDEVENT =
      "{\"context\":{\"version\":\"0.4.1\",\"id\":\"271069a8-fc18-44f1-b38f-9d70a1695819\","
          + "\"source\":\"/event/source/123\",\"type\":\"dev.cdevents.artifact.published.0.1.1\","
          + "\"timestamp\":\"2026-01-02T03:04:05Z\"},\"subject\":{\"id\":"
          + "\"pkg:oci/app@sha256%3A0b31\",\"source\":\"/event/source/123\",\"type\":"
          + "\"artifact\",\"content\":{}}}";

  private static int cdevents(String body, List<String> events, String ceType) {
    Map<String, String> headers = ceType == null ? Map.of() : Map.of("ce-type", ceType);
    try {
      WebhookValidator.validate(
          "cdevents", events, TOKEN, headers, body.getBytes(StandardCharsets.UTF_8));
      return 0;
    } catch (WebhookRejection e) {
      assertThat(e.getMessage()).doesNotContain(TOKEN);
      return e.status();
    }
  }

  @Test
  @DisplayName("cdevents: a valid CDEvent passes; Ce-Type filters events; malformed events are 400")
  void cdEvents() {
    String type = "dev.cdevents.artifact.published.0.1.1";
    assertThat(cdevents(CDEVENT, List.of(), null)).isZero();
    assertThat(cdevents(CDEVENT, List.of("DEV.cdevents.artifact.published.0.1.1"), type)).isZero();
    assertThat(cdevents(CDEVENT, List.of("dev.cdevents.pipelinerun.finished.0.1.1"), type))
        .isEqualTo(400);
    assertThat(cdevents(CDEVENT.replace(type, "com.example.thing"), List.of(), null))
        .isEqualTo(400);
    assertThat(cdevents(CDEVENT.replace("2026-01-02T03:04:05Z", "yesterday"), List.of(), null))
        .isEqualTo(400);
    assertThat(cdevents(CDEVENT.replace("\"content\":{}", "\"content\":1"), List.of(), null))
        .isEqualTo(400);
    assertThat(
            cdevents(CDEVENT.replace("\"id\":\"271069a8", "\"idx\":\"271069a8"), List.of(), null))
        .isEqualTo(400);
    assertThat(cdevents("not json", List.of(), null)).isEqualTo(400);
  }

  @Test
  @DisplayName("every v1 Receiver type is either implemented or listed as not supported yet")
  void everyTypeAccountedFor() {
    java.util.Set<String> all = new java.util.TreeSet<>();
    for (var t : io.capstan.api.notification.v1.ReceiverType.values()) {
      all.add(t.name().replace('_', '-'));
    }
    java.util.Set<String> known = new java.util.TreeSet<>(WebhookValidator.SUPPORTED);
    known.addAll(WebhookValidator.NOT_SUPPORTED_YET);
    assertThat(known).isEqualTo(all);
  }

  @Test
  @DisplayName("malformed JSON payloads are rejected with 400")
  void malformed() {
    for (String type : List.of("dockerhub", "quay", "acr")) {
      WebhookRejection e =
          catchThrowableOfType(
              () ->
                  WebhookValidator.validate(
                      type,
                      List.of(),
                      TOKEN,
                      Map.of(),
                      "not json".getBytes(StandardCharsets.UTF_8)),
              WebhookRejection.class);
      assertThat(e.status()).isEqualTo(400);
    }
  }

  @Test
  @DisplayName("webhook path is /hook/ + sha256(token+name+namespace) in hex")
  void webhookPath() {
    // echo -n 'tokenreceiverflux-system' | sha256sum
    assertThat(WebhookPath.of("token", "receiver", "flux-system"))
        .isEqualTo("/hook/82c055fa0743ee447b0870be16fa51a43bb6604b21ef8fae7ccf02bdc860b0f9");
  }
}
