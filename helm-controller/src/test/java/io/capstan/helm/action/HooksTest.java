package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.HookExecution;
import io.capstan.helm.release.HookRecord;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.testing.kube.FakeKubelet;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hooks in cluster mode: real Job controller, scheduler and kwok nodes; {@link FakeKubelet}. */
@WithKubernetes(cluster = true)
class HooksTest {
  private final Chart chart = Charts.load("demo");

  private static Map<String, Object> hook(
      String name, String events, int weight, String kind, String policy, String outcome) {
    Map<String, Object> h = new java.util.LinkedHashMap<>();
    h.put("name", name);
    h.put("events", events);
    h.put("weight", Integer.toString(weight));
    h.put("kind", kind);
    if (policy != null) {
      h.put("policy", policy);
    }
    h.put("outcome", outcome);
    return h;
  }

  private static HookRecord hookNamed(Release r, String name) {
    return r.hooks().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName(
      "hooks run by weight then name; hook-succeeded deletes, before-hook-creation recreates")
  void orderAndDeletePolicies(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    List<Object> hooks =
        List.of(
            hook("b", "pre-install,pre-upgrade", 1, "ConfigMap", null, "succeed"),
            hook("a", "pre-install", 1, "ConfigMap", "hook-succeeded", "succeed"),
            hook("z", "pre-install", 0, "ConfigMap", null, "succeed"),
            hook("late", "post-install", -5, "ConfigMap", null, "succeed"));
    Release rel =
        actions.install(
            InstallRequest.builder("app", ns.name(), chart).values(Map.of("hooks", hooks)).build());

    assertThat(rel.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    List<String> preOrder =
        rel.hooks().stream()
            .filter(h -> h.events().contains("pre-install"))
            .sorted(Comparator.comparing(h -> h.lastRun().startedAt()))
            .map(HookRecord::name)
            .toList();
    assertThat(preOrder).containsExactly("app-z", "app-a", "app-b");
    assertThat(hookNamed(rel, "app-late").lastRun().startedAt())
        .isAfter(hookNamed(rel, "app-b").lastRun().completedAt());
    assertThat(rel.hooks()).allSatisfy(h -> assertThat(h.lastRun().phase()).isEqualTo("Succeeded"));
    // stored as well
    Release stored = actions.config().storage().get("app", 1).orElseThrow();
    assertThat(hookNamed(stored, "app-a").lastRun().phase()).isEqualTo("Succeeded");
    assertThat(hookNamed(stored, "app-b").deletePolicies()).containsExactly("before-hook-creation");

    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-a").get()).isNull();
    String uidB =
        client.configMaps().inNamespace(ns.name()).withName("app-b").get().getMetadata().getUid();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-z").get()).isNotNull();

    Release v2 =
        actions.upgrade(
            UpgradeRequest.builder("app", ns.name(), chart)
                .values(Map.of("hooks", hooks, "message", "v2"))
                .build());
    assertThat(v2.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    var b = client.configMaps().inNamespace(ns.name()).withName("app-b").get();
    assertThat(b.getMetadata().getUid()).isNotEqualTo(uidB);
    assertThat(b.getData()).containsEntry("revision", "2");
  }

  @Test
  @DisplayName(
      "a pre-install Job runs to completion before the objects are applied; hook-succeeded deletes it")
  void jobHookSucceeds(KubernetesClient client, KubeNamespace ns) throws Exception {
    try (FakeKubelet kubelet = new FakeKubelet(client, ns.name())) {
      HelmActions actions = Charts.actions(client, ns.name());
      Release rel =
          actions.install(
              InstallRequest.builder("app", ns.name(), chart)
                  .values(
                      Map.of(
                          "hooks",
                          List.of(
                              hook(
                                  "migrate",
                                  "pre-install",
                                  0,
                                  "Job",
                                  "hook-succeeded",
                                  "succeed"))))
                  .timeout(Duration.ofMinutes(2))
                  .build());
      assertThat(rel.status()).isEqualTo(ReleaseStatus.DEPLOYED);
      assertThat(hookNamed(rel, "app-migrate").lastRun().phase())
          .isEqualTo(HookExecution.PHASE_SUCCEEDED);
      assertThat(client.batch().v1().jobs().inNamespace(ns.name()).withName("app-migrate").get())
          .isNull();
      assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get())
          .isNotNull();
    }
  }

  @Test
  @DisplayName(
      "a failing pre-install Job fails the install before anything is applied; hook-failed deletes it")
  void jobHookFails(KubernetesClient client, KubeNamespace ns) {
    try (FakeKubelet kubelet = new FakeKubelet(client, ns.name())) {
      HelmActions actions = Charts.actions(client, ns.name());
      assertThatThrownBy(
              () ->
                  actions.install(
                      InstallRequest.builder("app", ns.name(), chart)
                          .values(
                              Map.of(
                                  "hooks",
                                  List.of(
                                      hook(
                                          "migrate",
                                          "pre-install",
                                          0,
                                          "Job",
                                          "hook-failed",
                                          "fail"))))
                          .timeout(Duration.ofMinutes(2))
                          .build()))
          .isInstanceOf(ActionException.class)
          .hasMessageContaining("failed pre-install")
          .hasMessageContaining("job app-migrate failed")
          .satisfies(
              e -> {
                Release failed = ((ActionException) e).release().orElseThrow();
                assertThat(failed.status()).isEqualTo(ReleaseStatus.FAILED);
                assertThat(failed.info().description())
                    .startsWith("Release \"app\" failed: failed pre-install: ");
                assertThat(hookNamed(failed, "app-migrate").lastRun().phase())
                    .isEqualTo(HookExecution.PHASE_FAILED);
              });
      assertThat(actions.config().storage().get("app", 1).orElseThrow().status())
          .isEqualTo(ReleaseStatus.FAILED);
      assertThat(client.batch().v1().jobs().inNamespace(ns.name()).withName("app-migrate").get())
          .isNull();
      assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get()).isNull();
    }
  }

  @Test
  @DisplayName(
      "wait: the install completes once the Deployment is Available; waitForJobs waits for Jobs")
  void waitForResources(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    Release rel =
        actions.install(
            InstallRequest.builder("app", ns.name(), chart)
                .waitForResources(true)
                .waitForJobs(true)
                .timeout(Duration.ofMinutes(2))
                .build());
    assertThat(rel.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns.name())
                .withName("app-web")
                .get()
                .getStatus()
                .getAvailableReplicas())
        .isEqualTo(1);
  }
}
