package io.capstan.notification.event;

import static io.capstan.notification.Fixtures.alert;
import static io.capstan.notification.Fixtures.event;
import static io.capstan.notification.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.EventSeverity;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.api.notification.v1beta3.ProviderSpec;
import io.capstan.api.notification.v1beta3.ProviderType;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.alert.AlertMatcher;
import io.capstan.notification.provider.NotificationSender;
import io.capstan.notification.provider.ProviderResolver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher with in-memory Alerts and Providers (no Secrets, so no API calls) and real HTTP
 * endpoints on loopback.
 */
class EventDispatcherTest {

  private RecordingServer healthy;
  private RecordingServer slow;
  private final Map<String, Provider> providers = new ConcurrentHashMap<>();
  private List<Alert> alerts = List.of();
  private EventDispatcher dispatcher;

  static Provider provider(String name, String type, String address) {
    Provider p = new Provider();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("apps")
            .withName(name)
            .withUid("uid-" + name)
            .build());
    ProviderSpec spec = new ProviderSpec();
    spec.setType(ProviderType.valueOf(type));
    spec.setAddress(address);
    p.setSpec(spec);
    return p;
  }

  @BeforeEach
  void start() throws Exception {
    healthy = new RecordingServer();
    slow = new RecordingServer();
    dispatcher =
        new EventDispatcher(
            new EventDispatcher.Sources() {
              @Override
              public List<Alert> alerts() {
                return alerts;
              }

              @Override
              public Provider provider(String namespace, String name) {
                return providers.get(name);
              }

              @Override
              public Map<String, String> labels(NotificationEvent.InvolvedObject object) {
                return Map.of();
              }
            },
            new AlertMatcher(false),
            // never called: these Providers have no Secret references
            new ProviderResolver(new KubernetesClientBuilder().build()),
            new NotificationSender.RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(100)),
            null,
            100);
  }

  @AfterEach
  void stop() {
    dispatcher.close();
    healthy.close();
    slow.close();
  }

  @Test
  @DisplayName("a failing Provider is retried and never delays the other Alerts' Providers")
  void failingProviderIsolated() throws Exception {
    providers.put("ok", provider("ok", "generic", healthy.url("/ok")));
    providers.put("down", provider("down", "generic", slow.url("/down")));
    // generic-hmac without a token (no secretRef) cannot be prepared: fails, never sent
    providers.put("unsupported", provider("unsupported", "generic_hmac", healthy.url("/never")));
    alerts =
        List.of(
            alert("apps", "a-down", "down", EventSeverity.info, source("Kustomization", "*", null)),
            alert("apps", "a-ok", "ok", EventSeverity.info, source("Kustomization", "*", null)),
            alert(
                "apps",
                "a-unsupported",
                "unsupported",
                EventSeverity.info,
                source("Kustomization", "*", null)));
    slow.failNext(3); // three 503s, then the fourth attempt succeeds
    slow.delay(1500);
    for (int i = 0; i < 5; i++) {
      assertThat(dispatcher.dispatch(event("Kustomization", "apps", "podinfo", "info", "m" + i)))
          .isEqualTo(3);
    }
    // dispatching did not wait for the slow Provider: nothing has reached it yet
    assertThat(slow.requests()).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> healthy.requests().size() == 5);
    assertThat(slow.requests()).hasSizeLessThan(5); // still being retried while ok is done
    assertThat(dispatcher.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(slow.requests()).hasSize(5);
    assertThat(healthy.requests()).extracting(RecordingServer.Request::path).containsOnly("/ok");
    assertThat(dispatcher.failed()).isEqualTo(5); // the unsupported provider, once per event
  }

  @Test
  @DisplayName("github without a token is refused before any request (never sent unauthenticated)")
  void githubCommitStatus() throws Exception {
    Provider github = provider("gh", "github", healthy.url("/org/app.git"));
    providers.put("gh", github);
    alerts =
        List.of(alert("apps", "a", "gh", EventSeverity.info, source("Kustomization", "*", null)));
    String sha = "0123456789abcdef0123456789abcdef01234567";
    // secretRef-less Provider: the token comes from the settings, so give it one via headers-free
    // path
    github.getSpec().setSecretRef(null);
    NotificationEvent applied =
        event(
            "Kustomization",
            "apps",
            "podinfo",
            "info",
            "applied",
            Map.of("kustomize.toolkit.fluxcd.io/revision", "main@sha1:" + sha));
    dispatcher.dispatch(applied);
    assertThat(dispatcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
    // no token: refused before any request, never sent unauthenticated
    assertThat(healthy.requests()).isEmpty();
    assertThat(dispatcher.failed()).isEqualTo(1);
  }

  @Test
  @DisplayName("suspended Providers get nothing; events without a matching Alert are discarded")
  void suspendedAndUnmatched() throws Exception {
    Provider suspended = provider("ok", "generic", healthy.url("/ok"));
    suspended.getSpec().setSuspend(true);
    providers.put("ok", suspended);
    alerts =
        List.of(alert("apps", "a", "ok", EventSeverity.info, source("Kustomization", "*", null)));
    assertThat(dispatcher.dispatch(event("Kustomization", "apps", "podinfo", "info", "x")))
        .isEqualTo(1);
    assertThat(dispatcher.dispatch(event("GitRepository", "apps", "podinfo", "info", "x")))
        .isZero();
    assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(healthy.requests()).isEmpty();
  }
}
