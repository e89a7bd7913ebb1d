package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.NamespacedObjectKindReference;
import io.capstan.kustomize.controller.build.BuildExtension;
import io.capstan.kustomize.controller.build.BuildRequest;
import io.capstan.kustomize.controller.cluster.RemoteClusterAccess;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventRateLimiter;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.FluxEvent;
import io.capstan.runtime.reconcile.RequeueDecision;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepRunner;
import io.capstan.runtime.status.StatusSummarizer;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each step of {@link KustomizationRun} on its own against a real API server: the run's steps up to
 * the one under test are executed on a Kustomization read from the server, the outcome summarized
 * as the runtime does, and the conditions that step sets (type, status, reason) asserted, together
 * with the name of the failing step the runtime logs.
 */
@WithKubernetes
class KustomizationRunTest {

  private ArtifactHost host;
  private KubernetesClient client;
  private SourceFixture source;
  private String namespace;
  private KustomizationReconciler reconciler;

  @BeforeEach
  void setUp(KubernetesClient client, KubeNamespace ns) throws Exception {
    this.client = client;
    this.namespace = ns.name();
    this.host = new ArtifactHost();
    this.source = new SourceFixture(client, namespace);
    this.reconciler = reconciler(KustomizationReconciler.Options.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    reconciler.close();
    host.close();
  }

  private KustomizationReconciler reconciler(KustomizationReconciler.Options options) {
    return new KustomizationReconciler(
        client, ArtifactFetcher.builder().build(), options, FeatureGates.DEFAULTS);
  }

  /** What one (partial) run left behind. */
  private record Run(
      Kustomization kustomization,
      Conditions conditions,
      StepRunner.Outcome outcome,
      RequeueDecision decision,
      List<FluxEvent> events) {

    /** "Status/Reason" of condition {@code type}, or "absent". */
    String condition(String type) {
      return conditions.get(type).map(c -> c.getStatus() + "/" + c.getReason()).orElse("absent");
    }

    String message(String type) {
      return conditions.get(type).map(Condition::getMessage).orElse("");
    }

    KustomizationStatus status() {
      return kustomization.getStatus();
    }
  }

  /**
   * Runs the steps of a fresh run of Kustomization {@code app} up to and including {@code last}
   * with {@code kind}, then summarizes the status as {@code FluxReconciler} does before its patch.
   */
  private Run runThrough(KustomizationReconciler kind, String last) {
    Kustomization k = source.kustomization("app");
    if (k.getStatus() == null) {
      k.setStatus(new KustomizationStatus());
    }
    Clock clock = Clock.systemUTC();
    Conditions conditions = Conditions.of(k.getStatus(), k.getMetadata().getGeneration(), clock);
    List<FluxEvent> events = new ArrayList<>();
    EventRecorder recorder =
        new EventRecorder(
            KustomizationReconciler.CONTROLLER_NAME,
            List.of(events::add),
            new EventRateLimiter(Duration.ofMillis(1), clock),
            clock);
    ReconcileContext<Kustomization> ctx = new ReconcileContext<>(k, conditions, recorder);
    List<Step<ReconcileContext<Kustomization>>> steps = new ArrayList<>();
    for (Step<ReconcileContext<Kustomization>> step : kind.steps()) {
      steps.add(step);
      if (step.name().equals(last)) {
        break;
      }
    }
    assertThat(steps).last().extracting(Step::name).isEqualTo(last);
    StatusSummarizer.begin(k.getStatus(), conditions, k.getMetadata().getGeneration());
    StepRunner.Outcome outcome = StepRunner.run(steps, ctx);
    RequeueDecision decision =
        StatusSummarizer.finish(
            k.getStatus(),
            conditions,
            kind.conditions(),
            outcome,
            kind.interval(k),
            kind.retryInterval(k),
            Optional.empty(),
            ctx.success());
    return new Run(k, conditions, outcome, decision, events);
  }

  private Run runThrough(String last) {
    return runThrough(reconciler, last);
  }

  /** Publishes {@code tree} as revision {@code main@sha1:1} of GitRepository {@code repo}. */
  private void publish(Map<String, String> tree) throws Exception {
    source.createGitRepository("repo", host.publish("/a.tar.gz", tree), "main@sha1:1");
  }

  private static Map<String, String> configMaps(String... names) {
    Map<String, String> tree = new TreeMap<>();
    for (String name : names) {
      tree.put(name + ".yaml", KustomizationReconcilerTest.configMap(name, "v"));
    }
    return tree;
  }

  @Test
  @DisplayName("the steps read like Flux's reconcile, in order")
  void stepNames() {
    assertThat(reconciler.steps())
        .extracting(Step::name)
        .containsExactly(
            "checkHealthCheckExprs",
            "checkDecryption",
            "checkDependencies",
            "reconcileSource",
            "reconcileBuild",
            "reconcileApply",
            "reconcilePrune",
            "reconcileHealth",
            "reconcileHistory");
  }

  @Test
  @DisplayName("checkHealthCheckExprs: an expression that does not compile stalls")
  void healthCheckExprs() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization(
        "  healthCheckExprs:\n"
            + "  - apiVersion: example.com/v1\n    kind: Widget\n    current: 'foo.'\n");

    Run run = runThrough("checkHealthCheckExprs");

    assertThat(run.outcome().failedStep()).isEqualTo("checkHealthCheckExprs");
    assertThat(run.condition(ConditionTypes.STALLED)).isEqualTo("True/InvalidCELExpression");
    assertThat(run.condition(ConditionTypes.READY)).isEqualTo("False/InvalidCELExpression");
    assertThat(run.decision().mode()).isEqualTo(RequeueDecision.Mode.NONE);
  }

  @Test
  @DisplayName("checkDecryption: a missing decryption Secret is BuildFailed before the fetch")
  void decryption() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization(
        "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n");

    Run run = runThrough("reconcileApply");

    assertThat(run.outcome().failedStep()).isEqualTo("checkDecryption");
    assertThat(run.condition(ConditionTypes.STALLED)).isEqualTo("absent");
    assertThat(run.condition(ConditionTypes.READY)).isEqualTo("False/BuildFailed");
    assertThat(run.message(ConditionTypes.READY)).isEqualTo("secrets \"sops-keys\" not found");
    // Keys are read before the source: no revision attempted, nothing applied, retried.
    assertThat(run.status().getLastAttemptedRevision()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNull();
    assertThat(run.decision()).isEqualTo(RequeueDecision.after(Duration.ofSeconds(2)));
  }

  @Test
  @DisplayName("checkDecryption: decryption without keys passes; clear objects are applied")
  void decryptionWithoutKeys() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("  decryption:\n    provider: sops\n");

    Run run = runThrough("reconcileApply");

    assertThat(run.outcome().error()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNotNull();
  }

  @Test
  @DisplayName("checkDependencies: a missing dependency waits --requeue-dependency")
  void dependencies() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("  dependsOn:\n  - name: base\n");

    Run run = runThrough("checkDependencies");

    assertThat(run.outcome().failedStep()).isEqualTo("checkDependencies");
    assertThat(run.condition(ConditionTypes.READY)).isEqualTo("False/DependencyNotReady");
    assertThat(run.decision()).isEqualTo(RequeueDecision.after(Duration.ofSeconds(30)));
  }

  @Test
  @DisplayName("reconcileSource: records lastAttemptedRevision; a missing source is ArtifactFailed")
  void source() throws Exception {
    source.createAppKustomization("");

    Run missing = runThrough("reconcileSource");

    assertThat(missing.outcome().failedStep()).isEqualTo("reconcileSource");
    assertThat(missing.condition(ConditionTypes.READY)).isEqualTo("False/ArtifactFailed");
    assertThat(missing.message(ConditionTypes.READY))
        .isEqualTo("gitrepositories.source.toolkit.fluxcd.io \"repo\" not found");
    // The retry interval of the Kustomization (2s), decided by the runtime, not by the step.
    assertThat(missing.decision()).isEqualTo(RequeueDecision.after(Duration.ofSeconds(2)));

    publish(configMaps("a"));
    Run found = runThrough("reconcileSource");

    assertThat(found.outcome().error()).isNull();
    assertThat(found.status().getLastAttemptedRevision()).isEqualTo("main@sha1:1");
    assertThat(found.condition(ConditionTypes.READY)).isNotEqualTo("False/ArtifactFailed");
  }

  @Test
  @DisplayName("reconcileSource: a blocked cross-namespace source stalls with AccessDenied")
  void sourceAccessDenied() {
    source.createAppKustomization("");
    Kustomization k = source.kustomization("app");
    k.getSpec().getSourceRef().setNamespace("elsewhere");
    client.resource(k).update();
    try (KustomizationReconciler blocking =
        reconciler(
            new KustomizationReconciler.Options(
                null, true, Duration.ofSeconds(30), null, false, RemoteClusterAccess.DEFAULTS))) {

      Run run = runThrough(blocking, "reconcileSource");

      assertThat(run.outcome().failedStep()).isEqualTo("reconcileSource");
      assertThat(run.condition(ConditionTypes.STALLED)).isEqualTo("True/AccessDenied");
      assertThat(run.condition(ConditionTypes.READY)).isEqualTo("False/AccessDenied");
    }
  }

  @Test
  @DisplayName("reconcileBuild: a build error is BuildFailed and nothing is applied")
  void build() throws Exception {
    publish(
        Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "v"), "b.yaml", "kind: [x\n"));
    source.createAppKustomization("");

    Run run = runThrough("reconcileBuild");

    assertThat(run.outcome().failedStep()).isEqualTo("reconcileBuild");
    assertThat(run.condition(ConditionTypes.READY)).isEqualTo("False/BuildFailed");
    assertThat(run.message(ConditionTypes.READY)).startsWith("kustomize build failed:");
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNull();
  }

  @Test
  @DisplayName(
      "reconcileBuild: build extensions prepare the source tree and post-process the objects")
  void buildExtensions() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("");
    List<String> seen = new ArrayList<>();
    BuildExtension extension =
        new BuildExtension() {
          @Override
          public void prepareSourceTree(BuildRequest request) throws IOException {
            // Runs after the generated kustomization.yaml is written, before kustomize reads it.
            seen.add("tree:" + Files.exists(request.dir().resolve("kustomization.yaml")));
            Files.writeString(
                request.dir().resolve("a.yaml"),
                KustomizationReconcilerTest.configMap("a", "prepared"));
          }

          @Override
          public List<JsonNode> postProcess(BuildRequest request, List<JsonNode> objects) {
            seen.add("objects:" + objects.size());
            for (JsonNode object : objects) {
              ((ObjectNode) object.path("metadata"))
                  .putObject("labels")
                  .put("post-processed", request.kustomization().getMetadata().getName());
            }
            return objects;
          }
        };
    try (KustomizationReconciler extended =
        new KustomizationReconciler(
            client,
            ArtifactFetcher.builder().build(),
            KustomizationReconciler.Options.DEFAULTS,
            FeatureGates.DEFAULTS,
            List.of(extension))) {

      Run run = runThrough(extended, "reconcileApply");

      assertThat(run.outcome().error()).isNull();
      assertThat(seen).containsExactly("tree:true", "objects:1");
      ConfigMap applied = client.configMaps().inNamespace(namespace).withName("a").get();
      assertThat(applied.getData()).containsEntry("key", "prepared");
      assertThat(applied.getMetadata().getLabels()).containsEntry("post-processed", "app");
    }
  }

  @Test
  @DisplayName("reconcileBuild: a failing build extension is BuildFailed and nothing is applied")
  void failingBuildExtension() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("");
    BuildExtension failing =
        new BuildExtension() {
          @Override
          public List<JsonNode> postProcess(BuildRequest request, List<JsonNode> objects)
              throws IOException {
            throw new IOException("cannot decrypt a.yaml");
          }
        };
    try (KustomizationReconciler extended =
        new KustomizationReconciler(
            client,
            ArtifactFetcher.builder().build(),
            KustomizationReconciler.Options.DEFAULTS,
            FeatureGates.DEFAULTS,
            List.of(failing))) {

      Run run = runThrough(extended, "reconcileApply");

      assertThat(run.outcome().failedStep()).isEqualTo("reconcileBuild");
      assertThat(run.condition(ConditionTypes.READY)).isEqualTo("False/BuildFailed");
      assertThat(run.message(ConditionTypes.READY))
          .isEqualTo("kustomize build failed: cannot decrypt a.yaml");
      assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNull();
    }
  }

  @Test
  @DisplayName("reconcileApply: applies and records the inventory; an invalid object fails all")
  void apply() throws Exception {
    publish(configMaps("a", "b"));
    source.createAppKustomization("");

    Run ok = runThrough("reconcileApply");

    assertThat(ok.outcome().error()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNotNull();
    assertThat(ok.status().getInventory().getEntries())
        .extracting(e -> e.getId())
        .containsExactly(namespace + "_a__ConfigMap", namespace + "_b__ConfigMap");

    source.publish(
        "repo",
        host.publish(
            "/b.tar.gz",
            Map.of(
                "c.yaml",
                KustomizationReconcilerTest.configMap("c", "v"),
                "d.yaml",
                KustomizationReconcilerTest.configMap("Bad_Name", "v"))),
        "main@sha1:2");
    Run bad = runThrough("reconcileApply");

    assertThat(bad.outcome().failedStep()).isEqualTo("reconcileApply");
    assertThat(bad.condition(ConditionTypes.READY)).isEqualTo("False/ReconciliationFailed");
    assertThat(bad.message(ConditionTypes.READY)).contains("Bad_Name");
    assertThat(client.configMaps().inNamespace(namespace).withName("c").get()).isNull();
    assertThat(bad.status().getHistory())
        .first()
        .satisfies(h -> assertThat(h.getLastReconciledStatus()).isEqualTo("ReconciliationFailed"));
  }

  @Test
  @DisplayName("reconcilePrune: deletes what the new revision no longer has (spec.prune)")
  void prune() throws Exception {
    publish(configMaps("a", "b"));
    source.createAppKustomization("");
    Run first = runThrough("reconcileHistory");
    client.resource(first.kustomization()).updateStatus();

    source.publish("repo", host.publish("/b.tar.gz", configMaps("a")), "main@sha1:2");
    Run second = runThrough("reconcilePrune");

    assertThat(second.outcome().error()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("b").get()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNotNull();
    assertThat(second.condition(ConditionTypes.READY)).doesNotStartWith("False");
  }

  @Test
  @DisplayName("reconcileHealth: Healthy=True for current objects, HealthCheckFailed on timeout")
  void health() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("  wait: true\n");

    Run healthy = runThrough("reconcileHealth");

    assertThat(healthy.outcome().error()).isNull();
    assertThat(healthy.condition(ConditionTypes.HEALTHY)).isEqualTo("True/Succeeded");

    Kustomization k = source.kustomization("app");
    k.getSpec().setWait(false);
    k.getSpec().setTimeout("2s");
    NamespacedObjectKindReference check = new NamespacedObjectKindReference();
    check.setApiVersion("apps/v1");
    check.setKind("Deployment");
    check.setName("missing");
    k.getSpec().setHealthChecks(List.of(check));
    client.resource(k).update();

    Run unhealthy = runThrough("reconcileHealth");

    assertThat(unhealthy.outcome().failedStep()).isEqualTo("reconcileHealth");
    assertThat(unhealthy.condition(ConditionTypes.HEALTHY)).isEqualTo("False/HealthCheckFailed");
    assertThat(unhealthy.condition(ConditionTypes.READY)).isEqualTo("False/HealthCheckFailed");
    assertThat(unhealthy.message(ConditionTypes.READY))
        .contains("Deployment/" + namespace + "/missing");
  }

  @Test
  @DisplayName("reconcileHealth: no wait and no healthChecks means no Healthy condition")
  void noHealthCheck() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("");

    Run run = runThrough("reconcileHealth");

    assertThat(run.outcome().error()).isNull();
    assertThat(run.condition(ConditionTypes.HEALTHY)).isEqualTo("absent");
  }

  @Test
  @DisplayName("reconcileHistory: Ready=True ReconciliationSucceeded, lastAppliedRevision, history")
  void history() throws Exception {
    publish(configMaps("a"));
    source.createAppKustomization("");

    Run run = runThrough("reconcileHistory");

    assertThat(run.outcome().error()).isNull();
    assertThat(run.condition(ConditionTypes.READY)).isEqualTo("True/ReconciliationSucceeded");
    assertThat(run.message(ConditionTypes.READY)).isEqualTo("Applied revision: main@sha1:1");
    assertThat(run.status().getLastAppliedRevision()).isEqualTo("main@sha1:1");
    assertThat(run.status().getHistory())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getLastReconciledStatus()).isEqualTo("ReconciliationSucceeded");
              assertThat(h.getMetadata()).containsEntry("revision", "main@sha1:1");
            });
    assertThat(run.decision()).isEqualTo(RequeueDecision.after(Duration.ofMinutes(1)));
    StatusContract.check(run.kustomization(), KustomizationConditions.REASONS);
  }
}
