package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UnlockAction: Flux's unlock of a stale pending release. */
@WithKubernetes
class UnlockActionTest {
  private final Chart chart = Charts.load("demo");

  @Test
  @DisplayName("unlock marks a stale pending release failed; a non-pending one is refused")
  void unlock(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    Release rel = actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    assertThatThrownBy(() -> actions.unlock("app")).isInstanceOf(ActionException.class);
    rel.info().status(ReleaseStatus.PENDING_UPGRADE);
    actions.config().storage().update(rel);
    assertThatThrownBy(
            () -> actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).build()))
        .hasMessage("another operation (install/upgrade/rollback) is in progress");
    Release unlocked = actions.unlock("app");
    assertThat(unlocked.status()).isEqualTo(ReleaseStatus.FAILED);
    assertThat(unlocked.info().description())
        .isEqualTo("Release unlocked from stale 'pending-upgrade' state");
    assertThat(actions.config().storage().get("app", 1).orElseThrow().status())
        .isEqualTo(ReleaseStatus.FAILED);
  }
}
