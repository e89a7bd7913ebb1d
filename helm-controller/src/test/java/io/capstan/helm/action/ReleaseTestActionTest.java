package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.HookRecord;
import io.capstan.helm.release.Release;
import io.capstan.testing.kube.FakeKubelet;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Test hooks (Pods) in cluster mode; {@link FakeKubelet} ends them as their annotation says. */
@WithKubernetes(cluster = true)
class ReleaseTestActionTest {
  private final Chart chart = Charts.load("demo");

  private static String phase(Release r, String name) {
    return r.hooks().stream()
        .filter(h -> h.name().equals(name))
        .map(HookRecord::lastRun)
        .findFirst()
        .orElseThrow()
        .phase();
  }

  @Test
  @DisplayName(
      "test hooks run, their results are recorded on the stored release; filters select them")
  void testHooks(KubernetesClient client, KubeNamespace ns) throws Exception {
    try (FakeKubelet kubelet = new FakeKubelet(client, ns.name())) {
      HelmActions actions = Charts.actions(client, ns.name());
      Release installed =
          actions.install(
              InstallRequest.builder("app", ns.name(), chart)
                  .values(
                      Map.of(
                          "tests",
                          List.of(Map.of("name", "ok"), Map.of("name", "bad", "outcome", "fail"))))
                  .build());
      assertThat(phase(installed, "app-ok")).isEmpty();

      Duration t = Duration.ofMinutes(2);
      Release passed =
          actions.test(new TestRequest("app", t, List.of(new TestFilter("app-bad", true))));
      assertThat(phase(passed, "app-ok")).isEqualTo("Succeeded");
      assertThat(phase(passed, "app-bad")).isEmpty();
      Release stored = actions.config().storage().get("app", 1).orElseThrow();
      assertThat(phase(stored, "app-ok")).isEqualTo("Succeeded");
      assertThat(
              stored.hooks().stream()
                  .filter(h -> h.name().equals("app-ok"))
                  .findFirst()
                  .orElseThrow()
                  .lastRun()
                  .completedAt())
          .isNotNull();

      assertThatThrownBy(
              () ->
                  actions.test(
                      new TestRequest("app", t, List.of(new TestFilter("app-bad", false)))))
          .isInstanceOf(ActionException.class)
          .hasMessageContaining("pod app-bad failed")
          .satisfies(
              e ->
                  assertThat(phase(((ActionException) e).release().orElseThrow(), "app-bad"))
                      .isEqualTo("Failed"));
      Release afterFailure = actions.config().storage().get("app", 1).orElseThrow();
      assertThat(phase(afterFailure, "app-bad")).isEqualTo("Failed");
      assertThat(phase(afterFailure, "app-ok")).isEqualTo("Succeeded");
      assertThat(afterFailure.status().value()).isEqualTo("deployed");
    }
  }
}
