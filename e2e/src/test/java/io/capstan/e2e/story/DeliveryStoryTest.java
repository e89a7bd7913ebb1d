package io.capstan.e2e.story;

import static io.capstan.e2e.story.GitOpsStage.describe;
import static io.capstan.e2e.story.GitOpsStage.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.common.ResourceRef;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The delivery story, step after step on one application (the steps build on each other, as a
 * user's day does): a web app in Git is applied and healthy; a commit changes it; a hand-made scale
 * is reverted; a removed file is pruned; invalid commits change nothing.
 */
@WithKubernetes(cluster = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryStoryTest {

  /** The Kustomization's {@code spec.interval} (see {@link Manifests#kustomization}). */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  @TempDir static Path root;
  static GitOpsStage stage;
  static TestGitRepository repo;
  static String ns;
  static String lastApplied;

  @BeforeAll
  static void start(KubeControlPlane plane) throws Exception {
    stage = GitOpsStage.start(plane, root);
    repo = stage.repository("webapp");
    ns = stage.createNamespace("delivery");
  }

  @AfterAll
  static void stop() {
    if (stage != null) {
      stage.admin.namespaces().withName(ns).delete();
      stage.close();
    }
  }

  Deployment web() {
    return stage.admin.apps().deployments().inNamespace(ns).withName("web").get();
  }

  static String greeting(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue();
  }

  List<String> inventory() {
    return stage.kustomization(ns, "webapp").getStatus().getInventory().getEntries().stream()
        .map(ResourceRef::getId)
        .sorted()
        .toList();
  }

  @Test
  @Order(1)
  @DisplayName(
      "a Deployment, Service and ConfigMap in Git are applied, Healthy and Ready at main@sha1:<commit>")
  void appliesTheApplication() {
    RevCommit c1 =
        repo.commit(
            "main",
            "web app",
            Map.of(
                "deploy/web.yaml", Manifests.deployment(2, "hello"),
                "deploy/service.yaml", Manifests.service(),
                "deploy/config.yaml", Manifests.configMap("web-config", "color", "blue")));
    stage.gitRepository(ns, "webapp", "webapp");
    stage.apply(
        ns, Manifests.kustomization("webapp", "webapp", "./deploy", ns, "prune: true\nwait: true"));

    String rev = revision(c1);
    assertThat(stage.awaitSourceRevision(ns, "webapp", rev).getStatus().getArtifact().getDigest())
        .startsWith("sha256:");
    Kustomization k = stage.awaitAppliedRevision(ns, "webapp", rev);
    assertThat(describe(GitOpsStage.find(k.getStatus().getConditions(), "Healthy")))
        .startsWith("True/");
    assertThat(web().getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(stage.admin.services().inNamespace(ns).withName("web").get()).isNotNull();
    assertThat(stage.admin.configMaps().inNamespace(ns).withName("web-config").get().getData())
        .containsEntry("color", "blue");
    assertThat(inventory())
        .containsExactly(
            ns + "_web-config__ConfigMap", ns + "_web__Service", ns + "_web_apps_Deployment");
    assertThat(web().getMetadata().getLabels())
        .containsEntry("kustomize.toolkit.fluxcd.io/name", "webapp")
        .containsEntry("kustomize.toolkit.fluxcd.io/namespace", ns);
    lastApplied = rev;
  }

  @Test
  @Order(2)
  @DisplayName("a commit changing an env var updates the Deployment; both statuses show the commit")
  void appliesANewCommit() {
    long generation = web().getMetadata().getGeneration();
    RevCommit c2 =
        repo.commit("main", "greet", Map.of("deploy/web.yaml", Manifests.deployment(2, "bonjour")));
    String rev = revision(c2);

    stage.awaitSourceRevision(ns, "webapp", rev);
    stage.awaitAppliedRevision(ns, "webapp", rev);
    Deployment d = web();
    assertThat(greeting(d)).isEqualTo("bonjour");
    assertThat(d.getMetadata().getGeneration()).isGreaterThan(generation);
    // wait: true means Ready only once the new pods rolled out.
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(kustomizationEvents())
        .anyMatch(
            e ->
                "Normal".equals(e.getType())
                    && "ReconciliationSucceeded".equals(e.getReason())
                    && rev.equals(revisionAnnotation(e)));
    lastApplied = rev;
  }

  @Test
  @Order(3)
  @DisplayName("replicas scaled by hand to 4 come back to the declared 2 within one interval")
  void revertsAHandMadeScale() {
    long generation = web().getMetadata().getGeneration();
    stage.admin.apps().deployments().inNamespace(ns).withName("web").scale(4);
    long started = System.nanoTime();

    // One interval until the next periodic reconcile, plus the reconcile itself (apply + health).
    await()
        .atMost(INTERVAL.plusSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> web().getSpec().getReplicas() == 2);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("[story] hand-made scale reverted after %d ms%n", took.toMillis());
    // Two spec changes: the hand-made scale to 4, then the controller's way back to 2.
    assertThat(web().getMetadata().getGeneration()).isGreaterThanOrEqualTo(generation + 2);
    assertThat(stage.kustomization(ns, "webapp").getStatus().getLastAppliedRevision())
        .isEqualTo(lastApplied);
  }

  @Test
  @Order(4)
  @DisplayName("an object deleted by hand is recreated within one interval")
  void recreatesADeletedObject() {
    String uid =
        stage.admin.services().inNamespace(ns).withName("web").get().getMetadata().getUid();
    stage.admin.services().inNamespace(ns).withName("web").delete();

    await()
        .atMost(INTERVAL.plusSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> stage.admin.services().inNamespace(ns).withName("web").get(),
            s -> s != null && !uid.equals(s.getMetadata().getUid()));
    assertThat(
            stage.admin.services().inNamespace(ns).withName("web").get().getMetadata().getLabels())
        .containsEntry("kustomize.toolkit.fluxcd.io/name", "webapp");
  }

  @Test
  @Order(5)
  @DisplayName("a file removed from Git prunes its object and leaves the others")
  void prunesARemovedFile() {
    String serviceUid =
        stage.admin.services().inNamespace(ns).withName("web").get().getMetadata().getUid();
    RevCommit c3 = repo.newCommit("main").delete("deploy/config.yaml").message("rm cm").create();
    String rev = revision(c3);

    stage.awaitAppliedRevision(ns, "webapp", rev);
    assertThat(stage.admin.configMaps().inNamespace(ns).withName("web-config").get()).isNull();
    assertThat(inventory()).containsExactly(ns + "_web__Service", ns + "_web_apps_Deployment");
    assertThat(stage.admin.services().inNamespace(ns).withName("web").get().getMetadata().getUid())
        .isEqualTo(serviceUid);
    assertThat(web()).isNotNull();
    lastApplied = rev;
  }

  @ParameterizedTest(name = "{0}")
  @Order(6)
  @DisplayName(
      "an invalid commit sets Ready=False naming the culprit and leaves every object unchanged")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          invalid YAML          | 'kind: ConfigMap\\nmetadata: [name: x'      | BuildFailed          | deploy/broken.yaml
          object the API server rejects | 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: Not_A_Name' | ReconciliationFailed | Not_A_Name
          """)
  void invalidCommitChangesNothing(
      String scenario, String brokenFile, String reason, String named) {
    Deployment before = web();
    String serviceVersion =
        stage
            .admin
            .services()
            .inNamespace(ns)
            .withName("web")
            .get()
            .getMetadata()
            .getResourceVersion();
    List<String> inventoryBefore = inventory();
    // The commit also carries a valid change: it must not be applied either.
    RevCommit bad =
        repo.commit(
            "main",
            scenario,
            Map.of(
                "deploy/web.yaml", Manifests.deployment(2, "not-yet"),
                "deploy/broken.yaml", brokenFile.replace("\\n", "\n")));
    String rev = revision(bad);

    Kustomization k =
        stage.awaitKustomization(
            ns,
            "webapp",
            x ->
                rev.equals(x.getStatus().getLastAttemptedRevision())
                    && describe(GitOpsStage.find(x.getStatus().getConditions(), "Ready"))
                        .startsWith("False/" + reason));
    assertThat(describe(GitOpsStage.find(k.getStatus().getConditions(), "Ready"))).contains(named);
    assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(lastApplied);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(kustomizationEvents())
                    .extracting(DeliveryStoryTest::describeEvent)
                    .anyMatch(e -> e.contains("/" + reason + "@" + rev) && e.contains(named)));

    // Let at least one more retry pass, then compare every object with its earlier state.
    sleep(Duration.ofSeconds(3));
    Deployment after = web();
    assertThat(greeting(after)).isEqualTo(greeting(before));
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(
            stage
                .admin
                .services()
                .inNamespace(ns)
                .withName("web")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(serviceVersion);
    assertThat(stage.admin.configMaps().inNamespace(ns).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .doesNotContain("x", "Not_A_Name", "web-config");
    assertThat(inventory()).isEqualTo(inventoryBefore);
    assertThat(stage.kustomization(ns, "webapp").getStatus().getLastAppliedRevision())
        .isEqualTo(lastApplied);
  }

  @Test
  @Order(7)
  @DisplayName("a fixing commit after the invalid ones is applied and Ready again")
  void recoversWithAFix() {
    RevCommit fix = repo.newCommit("main").delete("deploy/broken.yaml").message("fix").create();
    String rev = revision(fix);

    stage.awaitAppliedRevision(ns, "webapp", rev);
    assertThat(greeting(web())).isEqualTo("not-yet");
    lastApplied = rev;
  }

  @Test
  @Order(8)
  @DisplayName("the failures of the invalid commits were recorded as Warning events")
  void failureEventsAreWarnings() {
    List<Event> failures =
        kustomizationEvents().stream()
            .filter(e -> List.of("BuildFailed", "ReconciliationFailed").contains(e.getReason()))
            .toList();
    assertThat(failures)
        .extracting(Event::getReason)
        .contains("BuildFailed", "ReconciliationFailed");
    assertThat(failures)
        .extracting(DeliveryStoryTest::describeEvent)
        .allMatch(e -> e.startsWith("Warning/"));
  }

  List<Event> kustomizationEvents() {
    return stage.admin.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Kustomization".equals(e.getInvolvedObject().getKind()))
        .filter(e -> "webapp".equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static String describeEvent(Event e) {
    return e.getType() + "/" + e.getReason() + "@" + revisionAnnotation(e) + ": " + e.getMessage();
  }

  /** The revision an event is about, under Flux's {@code <group>/revision} annotation. */
  static String revisionAnnotation(Event e) {
    Map<String, String> annotations = e.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("kustomize.toolkit.fluxcd.io/revision");
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
