package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults around private (unshared) control planes: taken ports, crashes, killed test JVMs. */
class KubeControlPlaneFaultTest {

  @TempDir Path tmp;

  private KubeControlPlane.Options options(LoopbackPorts ports) {
    KubeControlPlane.Options defaults = KubeControlPlane.Options.apiServer();
    return new KubeControlPlane.Options(false, 0, ports, defaults.startupTimeout(), tmp);
  }

  @Test
  @DisplayName("a port that is already taken is replaced and the process started again")
  void takenPortIsReplaced() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AtomicInteger calls = new AtomicInteger();
      LoopbackPorts ephemeral = LoopbackPorts.ephemeral();
      // Ports are asked for in order: etcd client, etcd peer, kube-apiserver.
      LoopbackPorts ports =
          () -> calls.incrementAndGet() == 3 ? squatter.getLocalPort() : ephemeral.next();

      try (KubeControlPlane plane = KubeControlPlane.start(options(ports))) {
        assertThat(plane.apiServerUrl().getPort()).isNotEqualTo(squatter.getLocalPort());
        assertThat(plane.client().namespaces().withName("default").get()).isNotNull();
        Path apiServerLog = plane.processes().get(1).logFile();
        assertThat(Files.readString(apiServerLog)).contains("address already in use");
      }
    }
  }

  @Test
  @DisplayName("a crashed kube-apiserver is reported with its exit status and log tail")
  void crashIsReportedWithLog() {
    try (KubeControlPlane plane = KubeControlPlane.start(options(LoopbackPorts.ephemeral()))) {
      plane.ensureRunning();
      ManagedProcess apiServer = plane.processes().get(1);
      assertThat(apiServer.name()).isEqualTo("kube-apiserver");

      apiServer.kill();
      HealthProbe.await("the kill", Duration.ofSeconds(10), List.of(), () -> !apiServer.isAlive());

      assertThatThrownBy(plane::ensureRunning)
          .isInstanceOf(ControlPlaneFailedException.class)
          .hasMessageContaining("kube-apiserver is not running (exit status 137)")
          .hasMessageContaining("kube-apiserver.log")
          .hasMessageMatching("(?s).*\\n[IWE]\\d{4} \\d\\d:\\d\\d:.*"); // klog lines
    }
  }

  @Test
  @DisplayName("closing the control plane stops its processes and deletes its directory")
  void closeCleansUp() {
    KubeControlPlane plane = KubeControlPlane.start(options(LoopbackPorts.ephemeral()));
    List<ProcessHandle> executables =
        plane.processes().stream()
            .flatMap(p -> p.executablePids().stream())
            .map(pid -> ProcessHandle.of(pid).orElseThrow())
            .toList();
    Path kubeconfig = plane.kubeconfig();
    assertThat(executables).hasSize(2);

    plane.close();

    assertThat(executables).noneMatch(ProcessHandle::isAlive);
    assertThat(kubeconfig.getParent()).doesNotExist();
  }

  @Test
  @DisplayName("a control-plane process dies when its JVM is killed with SIGKILL")
  void childDiesWithKilledJvm() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process jvm =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OrphanProbe.class.getName(),
                tmp.resolve("sleep.log").toString())
            .redirectErrorStream(true)
            .start();
    long sleeperPid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      sleeperPid = Long.parseLong(out.readLine().trim());
      ProcessHandle sleeper = ProcessHandle.of(sleeperPid).orElseThrow();
      assertThat(sleeper.isAlive()).isTrue();

      jvm.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
      jvm.waitFor(10, TimeUnit.SECONDS);

      HealthProbe.await(
          "the orphaned child to die", Duration.ofSeconds(10), List.of(), () -> !sleeper.isAlive());
    }
  }

  /** Child-JVM entry point: starts a long-running managed process, prints its pid, then waits. */
  public static final class OrphanProbe {
    public static void main(String[] args) throws Exception {
      ManagedProcess sleeper =
          ManagedProcess.start("sleep", List.of("/bin/sleep", "300"), Path.of(args[0]));
      List<Long> pids = List.of();
      while (pids.isEmpty()) {
        Thread.sleep(20);
        pids = sleeper.executablePids();
      }
      System.out.println(pids.get(0));
      System.out.flush();
      Thread.sleep(300_000);
    }
  }
}
