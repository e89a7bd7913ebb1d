package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.EventSeverity;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.api.notification.v1beta3.ProviderSpec;
import io.capstan.api.notification.v1beta3.ProviderType;
import io.capstan.notification.Fixtures;
import io.capstan.notification.alert.AlertNotification;
import io.capstan.notification.event.NotificationEvent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code spec.commitStatusExpr}: evaluation over event, alert and provider, and its use. */
class CommitStatusExpressionTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private static Provider provider(String type, String expr) {
    Provider p = new Provider();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("flux-system")
            .withName("github-status")
            .withUid("0c9c2e41-aaaa-bbbb")
            .withLabels(Map.of("cluster", "prod-01"))
            .build());
    ProviderSpec spec = new ProviderSpec();
    spec.setType(ProviderType.valueOf(type));
    spec.setAddress("https://github.com/org/app");
    spec.setCommitStatusExpr(expr);
    p.setSpec(spec);
    return p;
  }

  private static Alert alert() {
    Alert a =
        Fixtures.alert(
            "flux-system",
            "on-apply",
            "github-status",
            EventSeverity.info,
            Fixtures.source("Kustomization", "*", null));
    a.getSpec().setEventMetadata(Map.of("clusterName", "dev-01"));
    return a;
  }

  private static NotificationEvent notification() {
    NotificationEvent e =
        Fixtures.event(
            "Kustomization",
            "flux-system",
            "App-Dev",
            "info",
            "applied",
            // as received: metadata keys prefixed with the object's API group
            Map.of("kustomize.toolkit.fluxcd.io/revision", "main@sha1:" + SHA));
    return AlertNotification.of(e, alert());
  }

  static Stream<Arguments> expressions() {
    return Stream.of(
        Arguments.of(
            "the Flux docs' example: kind/name/eventMetadata",
            "event.involvedObject.kind + '/' + event.involvedObject.name + '/' + event.metadata.clusterName",
            "Kustomization/App-Dev/dev-01"),
        Arguments.of(
            "strings extension: lowerAscii",
            "(event.involvedObject.kind + '/' + event.involvedObject.name).lowerAscii() + '/x'",
            "kustomization/app-dev/x"),
        Arguments.of(
            "the Provider object",
            "provider.metadata.labels.cluster + '/' + provider.spec.type",
            "prod-01/github"),
        Arguments.of(
            "the Alert object",
            "alert.metadata.name + '@' + alert.spec.eventSeverity",
            "on-apply@info"),
        Arguments.of(
            "event fields: severity, reason, revision",
            "event.severity + ':' + event.reason + ':' + event.metadata.revision.split('@')[0]",
            "info:ReconciliationSucceeded:main"),
        Arguments.of(
            "a conditional",
            "has(event.metadata.env) ? event.metadata.env : 'default'",
            "default"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expressions")
  @DisplayName("commitStatusExpr evaluates to the commit status id")
  void evaluates(String name, String expr, String expected) {
    assertThat(CommitStatusExpression.evaluate(provider("github", expr), alert(), notification()))
        .isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("not a string", "1 + 2", "failed to parse the CEL expression"),
        Arguments.of("syntax error", "event.involvedObject.", "failed to parse the CEL expression"),
        Arguments.of(
            "missing key", "event.metadata.nope", "failed to evaluate the CEL expression"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  @DisplayName("an invalid commitStatusExpr fails the notification with Flux's message")
  void invalidExpressions(String name, String expr, String message) {
    assertThatThrownBy(
            () ->
                CommitStatusExpression.evaluate(provider("gitlab", expr), alert(), notification()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "failed to evaluate the spec.commitStatusExpr CEL expression for the event: ")
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("no expression, or a type without commit statuses: the default id is kept (null)")
  void defaultId() {
    assertThat(CommitStatusExpression.evaluate(provider("github", null), alert(), notification()))
        .isNull();
    assertThat(CommitStatusExpression.evaluate(provider("slack", "'x'"), alert(), notification()))
        .isNull();
  }

  static Stream<Arguments> gitTypes() {
    return Stream.of(
        // type, where the id shows up in the write request
        Arguments.of("github", "\"context\":\"cluster-a/app\""),
        Arguments.of("gitlab", "\"name\":\"cluster-a/app\""),
        Arguments.of("gitea", "\"context\":\"cluster-a/app\""),
        // Bitbucket keys are the SHA-1 of the id: sha1("cluster-a/app")
        Arguments.of("bitbucketserver", "\"key\":\"" + EventNames.sha1("cluster-a/app") + "\""),
        Arguments.of("bitbucket", "\"key\":\"" + EventNames.sha1("cluster-a/app") + "\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gitTypes")
  @DisplayName("the commit status types use the expression's id instead of the default")
  void usedByEveryCommitStatusType(String type, String expected) throws Exception {
    String address =
        switch (type) {
          case "bitbucket" -> "https://bitbucket.org/org/app";
          case "bitbucketserver" -> "https://bitbucket.example.com/scm/prj/app.git";
          default -> "https://git.example.com/org/app";
        };
    ProviderSettings s =
        ProviderSettings.builder(type)
            .address(address)
            .token("bitbucket".equals(type) ? "user:pw" : "tok")
            .providerUid("0c9c2e41-aaaa-bbbb")
            .build();
    NotificationEvent event =
        Fixtures.event(
            "Kustomization", "apps", "podinfo", "info", "ok", Map.of("revision", "sha1:" + SHA));
    String withDefault = Notifiers.create(s).request(event).bodyText();
    String withExpr =
        Notifiers.create(s.withCommitStatus("cluster-a/app")).request(event).bodyText();
    assertThat(withExpr).contains(expected);
    assertThat(withDefault).doesNotContain("cluster-a/app");
  }
}
