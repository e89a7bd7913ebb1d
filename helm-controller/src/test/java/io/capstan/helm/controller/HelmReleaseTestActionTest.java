package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.TestHookStatus;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.FakeKubelet;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.test} in cluster mode: test Pods run on kwok nodes, {@link FakeKubelet} ends them as
 * their annotation says; a failing test with and without {@code ignoreFailures}.
 */
@WithKubernetes(cluster = true)
class HelmReleaseTestActionTest {

  private static final String TESTS =
      "    tests:\n    - name: ok\n    - name: bad\n      outcome: fail\n";

  @Test
  @DisplayName(
      "a failing Helm test: Ready=False TestFailed, retries exhausted, release kept; with"
          + " ignoreFailures: Ready=True, TestSuccess=False")
  void testFailureWithAndWithoutIgnore(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    try (HelmReleaseFixture f =
            HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
        FakeKubelet kubelet = new FakeKubelet(f.client(), ns.name())) {
      f.createHelmChart("chart");
      f.publishChart("chart", "1.0.0", HelmReleaseFixture.fullChart("1.0.0"));
      f.createHelmRelease(
          HelmReleaseReconcilerTest.release(
              "strict",
              "  test: {enable: true}\n  values:\n    configs: {one: null, strict-cm: x}\n"
                  + TESTS));
      f.createHelmRelease(
          HelmReleaseReconcilerTest.release(
              "lenient",
              "  test: {enable: true, ignoreFailures: true}\n"
                  + "  values:\n    configs: {one: null, lenient-cm: x}\n"
                  + TESTS));

      f.awaitCondition("strict", "TestSuccess", "False/TestFailed");
      assertThat(f.describe("strict", "TestSuccess")).contains("strict-bad");
      f.awaitCondition("strict", "Stalled", "True/RetriesExceeded");
      f.awaitCondition("strict", "Ready", "False/");
      HelmRelease strict = f.get("strict");
      assertThat(strict.getStatus().getInstallFailures()).isEqualTo(1L);
      HelmReleaseSnapshot s = strict.getStatus().getHistory().get(0);
      assertThat(s.getVersion()).isEqualTo(1);
      assertThat(s.getStatus()).isEqualTo("deployed");
      // Helm stops at the first failing test (by name: `strict-bad` runs before `strict-ok`);
      // as Flux's TestHooksFromRelease, the hook that did not run is listed with no status.
      assertThat(s.getTestHooks()).containsOnlyKeys("strict-bad", "strict-ok");
      assertThat(s.getTestHooks().get("strict-ok").getPhase()).isNull();
      assertThat(s.getTestHooks().get("strict-ok").getLastStarted()).isNull();
      assertThat(s.getTestHooks().get("strict-bad").getPhase()).isEqualTo("Failed");
      // No active remediation was configured (install retries 0): the release stays installed.
      assertThat(f.configValue("strict-cm")).isEqualTo("x");

      f.awaitCondition("lenient", "Ready", "True/InstallSucceeded");
      f.awaitCondition("lenient", "TestSuccess", "False/TestFailed");
      HelmRelease lenient = f.get("lenient");
      assertThat(lenient.getStatus().getInstallFailures()).isIn(null, 0L);
      assertThat(f.condition("lenient", "Stalled")).isEmpty();
      TestHookStatus bad =
          lenient.getStatus().getHistory().get(0).getTestHooks().get("lenient-bad");
      assertThat(bad.getPhase()).isEqualTo("Failed");
      Secret record = f.client().secrets().withName("sh.helm.release.v1.lenient.v1").get();
      assertThat(record.getMetadata().getLabels()).containsEntry("status", "deployed");
    }
  }
}
