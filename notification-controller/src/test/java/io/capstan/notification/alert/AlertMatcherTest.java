package io.capstan.notification.alert;

import static io.capstan.notification.Fixtures.alert;
import static io.capstan.notification.Fixtures.event;
import static io.capstan.notification.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.notification.v1.CrossNamespaceObjectReference;
import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.EventSeverity;
import io.capstan.notification.event.NotificationEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertMatcherTest {

  private static final Map<String, String> LABELS = Map.of("team", "web", "tier", "front");

  private static CrossNamespaceObjectReference withLabels(
      CrossNamespaceObjectReference ref, Map<String, String> labels) {
    ref.setMatchLabels(labels);
    return ref;
  }

  static Stream<Arguments> cases() {
    NotificationEvent info = event("Kustomization", "apps", "podinfo", "info", "applied rev 1");
    NotificationEvent error = event("Kustomization", "apps", "podinfo", "error", "health failed");
    NotificationEvent otherNs = event("Kustomization", "prod", "podinfo", "info", "applied");
    Consumer<Alert> none = a -> {};
    return Stream.of(
        Arguments.of(
            "exact kind, name and namespace",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "podinfo", null)),
            none,
            false,
            true),
        Arguments.of(
            "other name",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "other", null)),
            none,
            false,
            false),
        Arguments.of(
            "other kind",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("GitRepository", "podinfo", null)),
            none,
            false,
            false),
        Arguments.of(
            "name wildcard",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            none,
            false,
            true),
        Arguments.of(
            "source namespace defaults to the alert's: other namespace does not match",
            otherNs,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            none,
            false,
            false),
        Arguments.of(
            "explicit cross-namespace source",
            otherNs,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", "prod")),
            none,
            false,
            true),
        Arguments.of(
            "cross-namespace source refused with --no-cross-namespace-refs",
            otherNs,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", "prod")),
            none,
            true,
            false),
        Arguments.of(
            "error alert skips info events",
            info,
            alert("apps", "a", "p", EventSeverity.error, source("Kustomization", "*", null)),
            none,
            false,
            false),
        Arguments.of(
            "error alert takes error events",
            error,
            alert("apps", "a", "p", EventSeverity.error, source("Kustomization", "*", null)),
            none,
            false,
            true),
        Arguments.of(
            "info alert takes error events",
            error,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            none,
            false,
            true),
        Arguments.of(
            "suspended alert",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            (Consumer<Alert>) a -> a.getSpec().setSuspend(true),
            false,
            false),
        Arguments.of(
            "matchLabels all present",
            info,
            alert(
                "apps",
                "a",
                "p",
                EventSeverity.info,
                withLabels(source("Kustomization", "*", null), Map.of("team", "web"))),
            none,
            false,
            true),
        Arguments.of(
            "matchLabels value differs",
            info,
            alert(
                "apps",
                "a",
                "p",
                EventSeverity.info,
                withLabels(source("Kustomization", "*", null), Map.of("team", "ops"))),
            none,
            false,
            false),
        Arguments.of(
            "inclusion list matches",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            (Consumer<Alert>) a -> a.getSpec().setInclusionList(List.of("^applied.*")),
            false,
            true),
        Arguments.of(
            "inclusion list does not match",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            (Consumer<Alert>) a -> a.getSpec().setInclusionList(List.of("^deleted")),
            false,
            false),
        Arguments.of(
            "exclusion list matches",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            (Consumer<Alert>) a -> a.getSpec().setExclusionList(List.of("rev \\d")),
            false,
            false),
        Arguments.of(
            "invalid exclusion regex is ignored",
            info,
            alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null)),
            (Consumer<Alert>) a -> a.getSpec().setExclusionList(List.of("([")),
            false,
            true),
        Arguments.of(
            "second source matches",
            info,
            alert(
                "apps",
                "a",
                "p",
                EventSeverity.info,
                source("GitRepository", "*", null),
                source("Kustomization", "podinfo", null)),
            none,
            false,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches(
      String name,
      NotificationEvent event,
      Alert alert,
      Consumer<Alert> change,
      boolean noCrossNamespaceRefs,
      boolean expected) {
    change.accept(alert);
    AlertMatcher matcher = new AlertMatcher(noCrossNamespaceRefs);
    assertThat(matcher.matching(event, List.of(alert), o -> LABELS)).hasSize(expected ? 1 : 0);
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "eventMetadata and summary are added without overriding event keys")
  void notificationMetadata() {
    NotificationEvent event =
        event(
            "Kustomization",
            "apps",
            "podinfo",
            "info",
            "applied",
            Map.of(
                "kustomize.toolkit.fluxcd.io/revision", "main@sha1:abc",
                "kustomize.toolkit.fluxcd.io/checksum", "x",
                "other.io/foreign", "dropped"));
    Alert alert = alert("apps", "a", "p", EventSeverity.info, source("Kustomization", "*", null));
    alert.getSpec().setEventMetadata(Map.of("env", "prod", "revision", "must-not-override"));
    alert.getSpec().setSummary("cluster: prod-eu");
    NotificationEvent n = AlertNotification.of(event, alert);
    assertThat(n.metadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("revision", "main@sha1:abc", "env", "prod", "summary", "cluster: prod-eu"));
  }
}
