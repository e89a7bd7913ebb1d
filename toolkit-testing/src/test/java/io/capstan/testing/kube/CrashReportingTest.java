package io.capstan.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.capstan.local.kube.ControlPlaneFailedException;
import io.capstan.local.kube.HealthProbe;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.local.kube.ManagedProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The extension turns a crashed API server into a test failure that explains itself. */
class CrashReportingTest {

  @Test
  @DisplayName("tests running while kube-apiserver is dead fail with its exit status and log")
  void crashesAreReported() {
    List<Event> failures =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(KillsItsApiServer.class))
            .execute()
            .testEvents()
            .failed()
            .list();

    assertThat(failures).hasSize(3);
    assertThat(failures)
        .allSatisfy(
            event -> {
              Throwable thrown =
                  event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
              assertThat(thrown)
                  .isInstanceOf(ControlPlaneFailedException.class)
                  .hasMessageContaining("kube-apiserver is not running (exit status 137)")
                  .hasMessageContaining("kube-apiserver.log");
            });
  }

  /** Run only through the test kit above (surefire skips nested classes). */
  @WithKubernetes(isolated = true)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class KillsItsApiServer {

    @Test
    @Order(1)
    void killsTheApiServerAndPasses(KubeControlPlane plane) {
      ManagedProcess apiServer = plane.processes().get(1);
      apiServer.kill();
      HealthProbe.await("the kill", Duration.ofSeconds(10), List.of(), () -> !apiServer.isAlive());
    }

    @Test
    @Order(2)
    void callsTheDeadApiServer(KubernetesClient client) {
      client.configMaps().list();
    }

    @Test
    @Order(3)
    void startsAfterTheCrash() {}
  }
}
