package io.capstan.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.notification.v1.Receiver;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.notification.receiver.WebhookPath;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.testing.WorkerHold;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skipUnchanged} for Receiver (no watch but its own objects, as Flux's) against a real API
 * server with one reconcile worker: requests queued while a Receiver waits behind a busy worker
 * reconcile it once (twice with the memo off), and a spec change still reconciles it at once.
 */
@WithKubernetes
class ReceiverQuietTest {

  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private KubernetesClient client;
  private Operator operator;
  private NotificationController controller;
  private WorkerHold hold;
  private String ns;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (controller != null) {
      controller.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private void start(KubeControlPlane plane, KubeNamespace namespace, boolean memo)
      throws Exception {
    ns = namespace.name();
    client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(ns))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    operator = WorkerHold.singleWorkerOperator(client);
    hold = WorkerHold.register(operator, ns);
    try (WorkerHold.MemoSetting setting = WorkerHold.memo(memo)) {
      controller =
          NotificationController.builder()
              .client(client)
              .options(Fixtures.loopbackOptions(ns))
              .meterRegistry(registry)
              .build();
      controller.register(operator);
    }
    operator.start();
    secret("token-a", "a-token");
    secret("token-b", "b-token");
    client
        .resource(
            """
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata: {name: hook}
            spec:
              type: generic
              secretRef: {name: token-a}
              resources:
                - {kind: GitRepository, name: app}
            """)
        .inNamespace(ns)
        .create();
    awaitWebhookPath("a-token");
  }

  private void secret(String name, String token) {
    client
        .resource(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: %s}
            stringData: {token: %s}
            """
                .formatted(name, token))
        .inNamespace(ns)
        .create();
  }

  private void awaitWebhookPath(String token) {
    String expected = WebhookPath.of(token, "hook", ns);
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Receiver r = client.resources(Receiver.class).inNamespace(ns).withName("hook").get();
              return r.getStatus() != null && expected.equals(r.getStatus().getWebhookPath());
            });
  }

  private void request(String token) {
    client
        .resources(Receiver.class)
        .inNamespace(ns)
        .withName("hook")
        .edit(
            r -> {
              Map<String, String> annotations =
                  new HashMap<>(
                      r.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : r.getMetadata().getAnnotations());
              annotations.put("reconcile.fluxcd.io/requestedAt", token);
              r.getMetadata().setAnnotations(annotations);
              return r;
            });
  }

  @ParameterizedTest(name = "memo on: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("requests queued behind a busy worker reconcile a Receiver once (twice without)")
  void queuedRequests(boolean memo, KubeControlPlane plane, KubeNamespace namespace)
      throws Exception {
    start(plane, namespace, memo);
    double before = WorkerHold.settle(registry, Receiver.KIND, QUIET);
    hold.occupy(client, ns);
    request("first");
    Thread.sleep(300);
    request("second");
    Thread.sleep(300);
    hold.release();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                "second"
                    .equals(
                        client
                            .resources(Receiver.class)
                            .inNamespace(ns)
                            .withName("hook")
                            .get()
                            .getStatus()
                            .getLastHandledReconcileAt()));
    assertThat(WorkerHold.settle(registry, Receiver.KIND, QUIET) - before)
        .isEqualTo(memo ? 1.0 : 2.0);
  }

  @Test
  @DisplayName("a spec change (another token Secret) still reconciles the Receiver at once")
  void specChangeReconciles(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    start(plane, namespace, true);
    double before = WorkerHold.settle(registry, Receiver.KIND, QUIET);
    client
        .resources(Receiver.class)
        .inNamespace(ns)
        .withName("hook")
        .edit(
            r -> {
              r.getSpec().getSecretRef().setName("token-b");
              return r;
            });
    awaitWebhookPath("b-token");
    assertThat(WorkerHold.settle(registry, Receiver.KIND, QUIET) - before).isEqualTo(1.0);
  }
}
