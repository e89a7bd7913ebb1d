package io.capstan.e2e.demo;

import org.junit.jupiter.api.DisplayName;

/**
 * The GitOps demo on toolkit-testing's local control plane with one kwok node: runs in every {@code
 * ./mvnw verify}, no container runtime needed.
 */
@DisplayName("GitOps demo on the local control plane (kwok nodes), controllers as processes")
class KwokGitOpsDemoTest extends GitOpsDemoScenarios {

  @Override
  DemoCluster startCluster() {
    return KwokCluster.start(1);
  }
}
