package io.capstan.e2e.story;

import static io.capstan.e2e.story.GitOpsStage.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Kustomization's life: the account it acts as, suspended and resumed, deleted under each
 * deletion policy.
 */
@WithKubernetes(cluster = true)
class LifecycleStoryTest extends GitOpsStory {

  static final String HOLD = "e2e.capstan.io/hold";

  void editKustomization(String ns, java.util.function.Consumer<Kustomization> change) {
    stage
        .admin
        .resources(Kustomization.class)
        .inNamespace(ns)
        .withName("app")
        .edit(
            k -> {
              change.accept(k);
              return k;
            });
  }

  void setData(String ns, String name, String key, String value) {
    stage
        .admin
        .configMaps()
        .inNamespace(ns)
        .withName(name)
        .edit(
            c -> {
              c.getData().put(key, value);
              return c;
            });
  }

  @Test
  @DisplayName(
      "a suspended Kustomization neither reverts drift nor applies new commits; resuming does both")
  void suspendAndResume(KubeNamespace namespace) {
    String ns = namespace.name();
    TestGitRepository repo = stage.repository("suspend-" + ns);
    RevCommit c1 =
        repo.commit(
            "main", "settings", Map.of("settings.yaml", Manifests.configMap("settings", "a", "1")));
    stage.gitRepository(ns, "src", "suspend-" + ns);
    stage.apply(ns, Manifests.kustomization("app", "src", "./", ns, "prune: true"));
    stage.awaitAppliedRevision(ns, "app", revision(c1));

    editKustomization(ns, k -> k.getSpec().setSuspend(true));
    // Let a reconcile that started before the suspension finish (slow on a loaded machine).
    DeliveryStoryTest.sleep(Duration.ofSeconds(3));
    setData(ns, "settings", "a", "drifted");
    RevCommit c2 =
        repo.commit("main", "extra", Map.of("extra.yaml", Manifests.configMap("extra", "b", "2")));
    stage.awaitSourceRevision(ns, "src", revision(c2));

    // Two intervals (5s each) and a source revision change pass without any effect.
    DeliveryStoryTest.sleep(Duration.ofSeconds(10));
    assertThat(configMap(ns, "settings").getData()).containsEntry("a", "drifted");
    assertThat(configMap(ns, "extra")).isNull();
    assertThat(stage.kustomization(ns, "app").getStatus().getLastAppliedRevision())
        .isEqualTo(revision(c1));

    editKustomization(ns, k -> k.getSpec().setSuspend(false));
    stage.awaitAppliedRevision(ns, "app", revision(c2));
    assertThat(configMap(ns, "settings").getData()).containsEntry("a", "1");
    assertThat(configMap(ns, "extra").getData()).containsEntry("b", "2");
  }

  @Test
  @DisplayName(
      "with serviceAccountName the Kustomization applies as that account: what it may not do"
          + " fails and nothing is applied")
  void impersonation(KubeNamespace namespace) {
    String ns = namespace.name();
    stage.apply(
        ns,
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: limited
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: configmaps-only
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: ["*"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: limited-configmaps
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: configmaps-only
        subjects:
        - kind: ServiceAccount
          name: limited
          namespace: %s
        """
            .formatted(ns));
    TestGitRepository repo = stage.repository("rbac-" + ns);
    RevCommit c1 =
        repo.commit(
            "main",
            "cm and secret",
            Map.of(
                "allowed.yaml",
                Manifests.configMap("allowed", "a", "1"),
                "forbidden.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: forbidden\n"
                    + "stringData:\n  k: v\n"));
    stage.gitRepository(ns, "src", "rbac-" + ns);
    stage.apply(
        ns,
        Manifests.kustomization(
            "app", "src", "./", ns, "prune: true\nserviceAccountName: limited"));

    Kustomization k =
        stage.awaitKustomization(
            ns,
            "app",
            x ->
                revision(c1).equals(x.getStatus().getLastAttemptedRevision())
                    && GitOpsStage.find(x.getStatus().getConditions(), "Ready")
                        .map(c -> c.getStatus() == Condition.Status.False)
                        .orElse(false));
    assertThat(GitOpsStage.describe(GitOpsStage.find(k.getStatus().getConditions(), "Ready")))
        .contains("Secret/" + ns + "/forbidden")
        .contains("forbidden");
    assertThat(stage.admin.secrets().inNamespace(ns).withName("forbidden").get()).isNull();
    assertThat(configMap(ns, "allowed")).isNull();
  }

  @ParameterizedTest(name = "deletionPolicy {0}, prune {1}")
  @DisplayName("deleting a Kustomization honours its deletionPolicy")
  @CsvSource({
    // policy,        prune, objects deleted, Kustomization waits for their termination
    "MirrorPrune,        true,  true,  false",
    "MirrorPrune,        false, false, false",
    "Delete,             false, true,  false",
    "WaitForTermination, false, true,  true",
    "Orphan,             true,  false, false",
  })
  void deletionPolicy(
      String policy, boolean prune, boolean deletes, boolean waits, KubeNamespace namespace) {
    String ns = namespace.name();
    // A finalizer of someone else's keeps "held" terminating once deleted.
    deployHeldAndPlain(ns, "prune: " + prune + "\ndeletionPolicy: " + policy);

    stage.admin.resources(Kustomization.class).inNamespace(ns).withName("app").delete();
    try {
      if (waits) {
        await()
            .atMost(GitOpsStage.PATIENCE)
            .until(() -> configMap(ns, "held").getMetadata().getDeletionTimestamp() != null);
        DeliveryStoryTest.sleep(Duration.ofSeconds(3));
        assertThat(stage.kustomization(ns, "app"))
            .as("the Kustomization waits while its objects terminate")
            .isNotNull();
        releaseHeld(ns);
      }
      await().atMost(GitOpsStage.PATIENCE).until(() -> stage.kustomization(ns, "app") == null);
      assertThat(configMap(ns, "plain") == null).isEqualTo(deletes);
      ConfigMap held = configMap(ns, "held");
      if (!deletes) {
        assertThat(held.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(configMap(ns, "plain").getData()).containsEntry("b", "2");
      } else if (waits) {
        assertThat(held).as("gone before the Kustomization").isNull();
      } else {
        assertThat(held.getMetadata().getDeletionTimestamp())
            .as("still terminating: the Kustomization did not wait for it")
            .isNotNull();
      }
    } finally {
      releaseHeld(ns);
    }
  }

  /** A Kustomization "app" applying ConfigMaps "held" (with a foreign finalizer) and "plain". */
  void deployHeldAndPlain(String ns, String extraSpec) {
    TestGitRepository repo = stage.repository("held-" + ns);
    RevCommit c1 =
        repo.commit(
            "main",
            "two maps",
            Map.of(
                "held.yaml", Manifests.configMap("held", "a", "1"),
                "plain.yaml", Manifests.configMap("plain", "b", "2")));
    stage.gitRepository(ns, "src", "held-" + ns);
    stage.apply(ns, Manifests.kustomization("app", "src", "./", ns, extraSpec));
    stage.awaitAppliedRevision(ns, "app", revision(c1));
    editHeldFinalizers(ns, f -> f.add(HOLD));
  }

  @Test
  @DisplayName(
      "WaitForTermination gives up after spec.timeout: the Kustomization goes, the stuck object"
          + " stays terminating")
  void waitForTerminationTimesOut(KubeNamespace namespace) {
    String ns = namespace.name();
    deployHeldAndPlain(ns, "prune: true\ndeletionPolicy: WaitForTermination");
    editKustomization(ns, k -> k.getSpec().setTimeout("3s"));
    try {
      stage.admin.resources(Kustomization.class).inNamespace(ns).withName("app").delete();
      // Flux logs "failed to wait for resources termination" and removes its finalizer anyway.
      await().atMost(Duration.ofSeconds(30)).until(() -> stage.kustomization(ns, "app") == null);
      assertThat(configMap(ns, "plain")).isNull();
      assertThat(configMap(ns, "held").getMetadata().getDeletionTimestamp()).isNotNull();
    } finally {
      releaseHeld(ns);
    }
  }

  @Test
  @DisplayName("deleting a suspended Kustomization leaves its objects in place, as Flux does")
  void deletingASuspendedKustomizationKeepsObjects(KubeNamespace namespace) {
    String ns = namespace.name();
    deployHeldAndPlain(ns, "prune: true");
    try {
      editKustomization(ns, k -> k.getSpec().setSuspend(true));
      stage.admin.resources(Kustomization.class).inNamespace(ns).withName("app").delete();
      await().atMost(GitOpsStage.PATIENCE).until(() -> stage.kustomization(ns, "app") == null);
      assertThat(configMap(ns, "plain")).isNotNull();
      assertThat(configMap(ns, "held").getMetadata().getDeletionTimestamp()).isNull();
    } finally {
      releaseHeld(ns);
    }
  }

  /** Edits the finalizers of ConfigMap {@code held} in {@code ns} through the admin client. */
  void editHeldFinalizers(String ns, java.util.function.Consumer<List<String>> change) {
    stage
        .admin
        .configMaps()
        .inNamespace(ns)
        .withName("held")
        .edit(
            c -> {
              List<String> finalizers = new ArrayList<>(c.getMetadata().getFinalizers());
              change.accept(finalizers);
              c.getMetadata().setFinalizers(finalizers);
              return c;
            });
  }

  void releaseHeld(String ns) {
    ConfigMap held = configMap(ns, "held");
    if (held != null && held.getMetadata().getFinalizers().contains(HOLD)) {
      editHeldFinalizers(ns, f -> f.remove(HOLD));
    }
  }
}
