package io.capstan.image.automation.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.image.v1.ImageUpdateAutomationStatus;
import io.capstan.api.meta.LabelSelector;
import io.capstan.api.meta.LabelSelectorRequirement;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventRateLimiter;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec problems that stall the automation before any API call: the first step rejects them with
 * Flux's reasons. (The client points at a closed port: reaching it would fail the test.)
 */
class ImageUpdateAutomationSpecTest {

  static KubernetesClient unreachable;

  @BeforeAll
  static void client() {
    unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:1")
                    .withRequestTimeout(1000)
                    .build())
            .build();
  }

  @AfterAll
  static void close() {
    unreachable.close();
  }

  static ImageUpdateAutomation automation(String spec) {
    ImageUpdateAutomation a =
        TolerantSerialization.create()
            .unmarshal(
                """
                apiVersion: image.toolkit.fluxcd.io/v1
                kind: ImageUpdateAutomation
                metadata: {name: auto, namespace: apps, generation: 1}
                spec:
                  interval: 5m
                %s
                """
                    .formatted(spec),
                ImageUpdateAutomation.class);
    a.setStatus(new ImageUpdateAutomationStatus());
    return a;
  }

  static ReconcileContext<ImageUpdateAutomation> context(ImageUpdateAutomation a) {
    Clock clock = Clock.systemUTC();
    return new ReconcileContext<>(
        a,
        Conditions.of(a.getStatus(), 1L, clock),
        new EventRecorder(
            "image-automation-controller",
            List.of(),
            new EventRateLimiter(Duration.ofMinutes(5), clock),
            clock));
  }

  static Stream<Arguments> stalls() {
    String git =
        "  git: {commit: {author: {name: Flux, email: flux@example.com}}, push: {branch: main}}\n";
    return Stream.of(
        Arguments.of(
            "cross-namespace source with --no-cross-namespace-refs",
            "  sourceRef: {kind: GitRepository, name: app, namespace: other}\n"
                + git
                + "  update: {strategy: Setters}",
            ImageUpdateAutomationConditions.ACCESS_DENIED,
            "can't access 'GitRepository/other/app', cross-namespace references have been blocked"),
        Arguments.of(
            "no update strategy",
            "  sourceRef: {kind: GitRepository, name: app}\n" + git,
            ImageUpdateAutomationConditions.INVALID_UPDATE_STRATEGY,
            "no known update strategy is given for object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stalls")
  @DisplayName("stalls before any API call")
  void stallsEarly(String name, String spec, String reason, String message) {
    ImageUpdateAutomation a = automation(spec);
    var reconciler = new ImageUpdateAutomationReconciler(unreachable, true, true, null);
    var step = reconciler.steps().get(0);
    assertThat(step.name()).isEqualTo("reconcileSource");
    assertThatThrownBy(() -> step.action().run(context(a)))
        .isInstanceOfSatisfying(
            ReconcileError.Stalling.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessage(message);
    assertThat(a.getStatus().getLastAutomationRunTime()).isNotNull();
  }

  @Test
  @DisplayName("policySelector: label selector semantics and the API server's validation messages")
  void policySelector() {
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(Map.of("team", "a"));
    LabelSelectorRequirement in = new LabelSelectorRequirement();
    in.setKey("env");
    in.setOperator("In");
    in.setValues(List.of("prod", "staging"));
    LabelSelectorRequirement absent = new LabelSelectorRequirement();
    absent.setKey("skip");
    absent.setOperator("DoesNotExist");
    selector.setMatchExpressions(List.of(in, absent));
    PolicySelector s = PolicySelector.of(selector);
    assertThat(s.matches(Map.of("team", "a", "env", "prod"))).isTrue();
    assertThat(s.matches(Map.of("team", "a", "env", "dev"))).isFalse();
    assertThat(s.matches(Map.of("team", "a", "env", "prod", "skip", ""))).isFalse();
    assertThat(s.matches(null)).isFalse();
    assertThat(PolicySelector.of(null).matches(null)).isTrue();

    LabelSelectorRequirement bad = new LabelSelectorRequirement();
    bad.setKey("env");
    bad.setOperator("In");
    LabelSelector invalid = new LabelSelector();
    invalid.setMatchExpressions(List.of(bad));
    assertThatThrownBy(() -> PolicySelector.of(invalid))
        .hasMessage("for 'in', 'notin' operators, values set can't be empty");
    bad.setOperator("Near");
    assertThatThrownBy(() -> PolicySelector.of(invalid))
        .hasMessage("\"Near\" is not a valid label selector operator");
  }
}
