package io.capstan.e2e.demo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.DisplayName;

/**
 * The same GitOps demo scenarios on k3s in Docker (Testcontainers). Runs only with {@code -Pk3s};
 * skipped, with the reason in the report, where no Docker engine is reachable.
 */
@DisplayName("GitOps demo on k3s (Testcontainers), controllers as processes")
class K3sGitOpsDemoTest extends GitOpsDemoScenarios {

  @Override
  DemoCluster startCluster() {
    assumeTrue(
        K3sCluster.dockerAvailable(),
        "k3s scenarios skipped: no Docker engine found by Testcontainers on this machine"
            + " (set DOCKER_HOST or start Docker to run them)");
    return K3sCluster.start();
  }
}
