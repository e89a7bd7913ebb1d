package io.capstan.image.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.meta.Annotations;
import io.capstan.image.scan.TagStore;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.controller.ReconcileInputs;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.testing.WorkerHold;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skipUnchanged} for ImageRepository and ImagePolicy against a real API server and registry,
 * with one reconcile worker: requests queued while a policy or repository waits behind a busy
 * worker reconcile it once (twice with the memo off, the Java Operator SDK's behaviour), and a new
 * scan result — the policy's input — still reconciles the policy and moves its {@code latestRef}.
 */
@WithKubernetes
class ImageReflectorQuietTest {

  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private OciRegistry oci;
  private KubernetesClient client;
  private Operator operator;
  private WorkerHold hold;
  private String ns;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (oci != null) {
      oci.close();
    }
  }

  /** Starts the controller (memo on or off) on an operator with one worker, the hold beside it. */
  private void start(KubeControlPlane plane, KubeNamespace namespace, Path storage, boolean memo)
      throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    ns = namespace.name();
    oci = OciRegistry.builder().start();
    for (String tag : new String[] {"1.0.0", "1.1.0"}) {
      oci.pushArtifact("org/app", tag, Map.of("f", tag));
    }
    client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(ns))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    operator = WorkerHold.singleWorkerOperator(client);
    hold = WorkerHold.register(operator, ns);
    try (WorkerHold.MemoSetting setting = WorkerHold.memo(memo)) {
      ImageReflectorController.builder()
          .client(client)
          .options(
              ImageReflectorOptions.builder()
                  .storagePath(storage)
                  .watchNamespaces(Set.of(ns))
                  .requeueDependency(Duration.ofSeconds(2))
                  .build())
          .meterRegistry(registry)
          .build()
          .register(operator);
    }
    operator.start();
    createAndAwaitReady();
  }

  private void createAndAwaitReady() {
    client
        .resource(
            TolerantSerialization.create()
                .unmarshal(
                    """
                    apiVersion: image.toolkit.fluxcd.io/v1
                    kind: ImageRepository
                    metadata: {name: app, namespace: %s}
                    spec: {image: %s/org/app, interval: 1h, insecure: true}
                    """
                        .formatted(ns, oci.host()),
                    ImageRepository.class))
        .create();
    client
        .resource(
            TolerantSerialization.create()
                .unmarshal(
                    """
                    apiVersion: image.toolkit.fluxcd.io/v1
                    kind: ImagePolicy
                    metadata: {name: semver, namespace: %s}
                    spec:
                      imageRepositoryRef: {name: app}
                      policy: {semver: {range: '>=1.0.0'}}
                    """
                        .formatted(ns),
                    ImagePolicy.class))
        .create();
    awaitLatestTag("1.1.0");
  }

  private void awaitLatestTag(String tag) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              ImagePolicy p =
                  client.resources(ImagePolicy.class).inNamespace(ns).withName("semver").get();
              return p.getStatus() != null
                  && p.getStatus().getLatestRef() != null
                  && tag.equals(p.getStatus().getLatestRef().getTag());
            });
  }

  private <T extends CustomResource<?, ?>> void request(Class<T> type, String name, String token) {
    client
        .resources(type)
        .inNamespace(ns)
        .withName(name)
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

  private <T extends CustomResource<?, ?>> void awaitHandled(
      Class<T> type, String name, String token) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              T o = client.resources(type).inNamespace(ns).withName(name).get();
              return token.equals(
                  ((io.capstan.api.meta.FluxStatus) o.getStatus()).getLastHandledReconcileAt());
            });
  }

  /** Two requests of {@code name} while it waits behind the held worker; its reconciles then. */
  private <T extends CustomResource<?, ?>> double queuedBehindBusyWorker(
      Class<T> type, String kind, String name) throws Exception {
    double before = WorkerHold.settle(registry, kind, QUIET);
    hold.occupy(client, ns);
    request(type, name, "first");
    Thread.sleep(300);
    request(type, name, "second");
    Thread.sleep(300);
    hold.release();
    awaitHandled(type, name, "second");
    return WorkerHold.settle(registry, kind, QUIET) - before;
  }

  @ParameterizedTest(name = "memo on: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("requests queued behind a busy worker reconcile an ImagePolicy once (twice without)")
  void policyQueuedRequests(
      boolean memo, KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage)
      throws Exception {
    start(plane, namespace, storage, memo);
    assertThat(queuedBehindBusyWorker(ImagePolicy.class, ImagePolicy.KIND, "semver"))
        .isEqualTo(memo ? 1.0 : 2.0);
  }

  @ParameterizedTest(name = "memo on: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "requests queued behind a busy worker reconcile an ImageRepository once (twice without)")
  void repositoryQueuedRequests(
      boolean memo, KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage)
      throws Exception {
    start(plane, namespace, storage, memo);
    assertThat(queuedBehindBusyWorker(ImageRepository.class, ImageRepository.KIND, "app"))
        .isEqualTo(memo ? 1.0 : 2.0);
  }

  @Test
  @DisplayName("a new scan result reconciles the policy at once with the memo on")
  void newScanResultReconcilesThePolicy(
      KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage) throws Exception {
    start(plane, namespace, storage, true);
    double before = WorkerHold.settle(registry, ImagePolicy.KIND, QUIET);
    oci.pushArtifact("org/app", "1.2.0", Map.of("f", "1.2.0"));
    request(ImageRepository.class, "app", "rescan");
    awaitLatestTag("1.2.0");
    assertThat(WorkerHold.settle(registry, ImagePolicy.KIND, QUIET) - before).isEqualTo(1.0);
  }

  @Test
  @DisplayName("without the repository as an input the memo would drop that reconcile")
  void withoutInputsTheNewScanIsMissed(
      KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    ns = namespace.name();
    oci = OciRegistry.builder().start();
    for (String tag : new String[] {"1.0.0", "1.1.0"}) {
      oci.pushArtifact("org/app", tag, Map.of("f", tag));
    }
    client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(ns))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    operator = WorkerHold.singleWorkerOperator(client);
    TagStore store = new TagStore(storage);
    operator.register(
        FluxReconciler.builder(
                new ImageRepositoryReconciler(client, store, java.time.Clock.systemUTC()))
            .client(client)
            .build(),
        FluxControllerConfiguration.of(
            ImageRepository.class,
            "imagerepository",
            Set.of(ns),
            operator.getConfigurationService()));
    FluxReconciler<ImagePolicy> policies =
        FluxReconciler.builder(new ImagePolicyReconciler(client, store, Duration.ofSeconds(2)))
            .client(client)
            .skipUnchanged(ReconcileInputs.none())
            .build();
    operator.register(
        new ImagePolicyController(policies, Set.of(ns)),
        FluxControllerConfiguration.of(
            ImagePolicy.class, "imagepolicy", Set.of(ns), operator.getConfigurationService()));
    operator.start();
    createAndAwaitReady();
    oci.pushArtifact("org/app", "1.2.0", Map.of("f", "1.2.0"));
    request(ImageRepository.class, "app", "rescan");
    awaitHandled(ImageRepository.class, "app", "rescan");
    Thread.sleep(QUIET.toMillis());
    assertThat(policies.skippedReconciles()).isPositive();
    assertThat(
            client
                .resources(ImagePolicy.class)
                .inNamespace(ns)
                .withName("semver")
                .get()
                .getStatus()
                .getLatestRef()
                .getTag())
        .isEqualTo("1.1.0");
  }
}
