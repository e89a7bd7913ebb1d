package io.capstan.image.automation.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImagePolicyStatus;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.meta.Annotations;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.image.automation.git.GitUpdate;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.testing.WorkerHold;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skipUnchanged} for ImageUpdateAutomation against a real API server and Git HTTP server,
 * with one reconcile worker: requests queued while an automation waits behind a busy worker
 * reconcile it once (twice with the memo off), and each of its inputs — a policy's {@code
 * latestRef}, a new policy of its namespace, its GitRepository's spec — still reconciles it at once
 * (its interval is 1h) and takes effect.
 */
@WithKubernetes
class ImageAutomationQuietTest {

  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String KIND = ImageUpdateAutomation.KIND;

  @TempDir Path temp;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private KubernetesClient client;
  private Operator operator;
  private WorkerHold hold;
  private TestGitRepository origin;
  private TestGitRepository other;
  private GitHttpServer http;
  private String ns;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (http != null) {
      http.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private String deployment(String tag) {
    return "apiVersion: apps/v1\n"
        + "kind: Deployment\n"
        + "metadata: {name: app}\n"
        + "spec:\n"
        + "  template:\n"
        + "    spec:\n"
        + "      containers:\n"
        + "        - name: app\n"
        + "          image: ghcr.io/org/app:"
        + tag
        + " # {\"$imagepolicy\": \""
        + ns
        + ":app\"}\n";
  }

  /** Starts the controller (memo on or off) and waits until the automation pushed 1.1.0. */
  private void start(KubeControlPlane plane, KubeNamespace namespace, boolean memo) {
    ns = namespace.name();
    origin = TestGitRepository.create(temp.resolve("origin.git"));
    origin.commit("main", "init", Map.of("deploy/app.yaml", deployment("1.0.0")));
    other = TestGitRepository.create(temp.resolve("other.git"));
    other.commit("main", "init", Map.of("deploy/app.yaml", deployment("1.0.0")));
    http =
        GitHttpServer.builder()
            .allowPush(true)
            .start()
            .serve("app", origin.repository())
            .serve("other", other.repository());
    client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(ns))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    operator = WorkerHold.singleWorkerOperator(client);
    hold = WorkerHold.register(operator, ns);
    try (WorkerHold.MemoSetting setting = WorkerHold.memo(memo)) {
      ImageUpdateAutomationController.register(
          operator,
          client,
          Set.of(ns),
          registry,
          new ImageUpdateAutomationReconciler(
              client,
              false,
              true,
              temp.resolve("work"),
              Clock.systemUTC(),
              interval -> new GitUpdate().baseDelay(Duration.ofMillis(100))));
    }
    operator.start();
    create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: app, namespace: %s}
        spec: {url: %s, interval: 1h, ref: {branch: main}}
        """
            .formatted(ns, http.url("app")),
        GitRepository.class);
    policy("app", "1.1.0");
    create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata: {name: auto, namespace: %s}
        spec:
          interval: 1h
          sourceRef: {kind: GitRepository, name: app}
          git:
            commit:
              author: {name: Flux Bot, email: flux@example.com}
          update: {path: ./deploy, strategy: Setters}
        """
            .formatted(ns),
        ImageUpdateAutomation.class);
    awaitFile(origin, "1.1.0");
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(
      String yaml, Class<T> type) {
    return client.resource(TolerantSerialization.create().unmarshal(yaml, type)).create();
  }

  private void policy(String name, String tag) {
    ImagePolicy policy = client.resources(ImagePolicy.class).inNamespace(ns).withName(name).get();
    if (policy == null) {
      policy =
          create(
              """
              apiVersion: image.toolkit.fluxcd.io/v1
              kind: ImagePolicy
              metadata: {name: %s, namespace: %s}
              spec:
                imageRepositoryRef: {name: app}
                policy: {semver: {range: '>=1.0.0'}}
              """
                  .formatted(name, ns),
              ImagePolicy.class);
    }
    ImagePolicyStatus status = new ImagePolicyStatus();
    status.setLatestRef(new ImageRef("ghcr.io/org/app", tag, null));
    policy.setStatus(status);
    client.resource(policy).updateStatus();
  }

  private void awaitFile(TestGitRepository repo, String tag) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              ObjectId head = repo.head("main");
              return deployment(tag).equals(repo.files(head).get("deploy/app.yaml"));
            });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                    .resources(ImageUpdateAutomation.class)
                    .inNamespace(ns)
                    .withName("auto")
                    .get(),
            a -> StatusContract.has(a, "Ready", Condition.Status.True, Reasons.SUCCEEDED));
  }

  private void request(String token) {
    client
        .resources(ImageUpdateAutomation.class)
        .inNamespace(ns)
        .withName("auto")
        .edit(
            r -> {
              Map<String, String> annotations =
                  new HashMap<>(
                      r.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : r.getMetadata().getAnnotations());
              annotations.put(Annotations.RECONCILE_REQUESTED_AT, token);
              r.getMetadata().setAnnotations(annotations);
              return r;
            });
  }

  private void awaitHandled(String token) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                token.equals(
                    client
                        .resources(ImageUpdateAutomation.class)
                        .inNamespace(ns)
                        .withName("auto")
                        .get()
                        .getStatus()
                        .getLastHandledReconcileAt()));
  }

  @ParameterizedTest(name = "memo on: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("requests queued behind a busy worker reconcile an automation once (twice without)")
  void queuedRequests(boolean memo, KubeControlPlane plane, KubeNamespace namespace)
      throws Exception {
    start(plane, namespace, memo);
    double before = WorkerHold.settle(registry, KIND, QUIET);
    hold.occupy(client, ns);
    request("first");
    Thread.sleep(300);
    request("second");
    Thread.sleep(300);
    hold.release();
    awaitHandled("second");
    assertThat(WorkerHold.settle(registry, KIND, QUIET) - before).isEqualTo(memo ? 1.0 : 2.0);
  }

  @Test
  @DisplayName("a new latestRef, a new policy and a GitRepository spec change each reconcile once")
  void eachInputReconciles(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    start(plane, namespace, true);
    double before = WorkerHold.settle(registry, KIND, QUIET);

    policy("app", "1.2.0");
    awaitFile(origin, "1.2.0");
    double afterPolicy = WorkerHold.settle(registry, KIND, QUIET);
    assertThat(afterPolicy - before).isEqualTo(1.0);

    policy("extra", "9.9.9");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                    .resources(ImageUpdateAutomation.class)
                    .inNamespace(ns)
                    .withName("auto")
                    .get()
                    .getStatus()
                    .getObservedPolicies()
                    .containsKey("extra"));
    double afterNewPolicy = WorkerHold.settle(registry, KIND, QUIET);
    assertThat(afterNewPolicy - afterPolicy).isGreaterThanOrEqualTo(1.0);

    client
        .resources(GitRepository.class)
        .inNamespace(ns)
        .withName("app")
        .edit(
            r -> {
              r.getSpec().setUrl(http.url("other").toString());
              return r;
            });
    awaitFile(other, "1.2.0");
    assertThat(WorkerHold.settle(registry, KIND, QUIET) - afterNewPolicy).isEqualTo(1.0);
  }
}
