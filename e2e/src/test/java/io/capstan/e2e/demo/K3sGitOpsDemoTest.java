package io.capstan.e2e.demo;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same GitOps demo scenarios on k3s in Docker (Testcontainers). Runs only with {@code -Pk3s};
 * skipped, with the reason in the test report, where no Docker engine is reachable.
 */
@DisplayName("GitOps demo on k3s (Testcontainers), controllers as processes")
@EnabledIf(
    value = "io.capstan.e2e.demo.K3sCluster#dockerAvailable",
    disabledReason =
        "k3s scenarios skipped: no Docker engine found by Testcontainers on this machine"
            + " (start Docker or set DOCKER_HOST to run them)")
class K3sGitOpsDemoTest extends GitOpsDemoScenarios {

  @Override
  DemoCluster startCluster() {
    return K3sCluster.start();
  }
}
