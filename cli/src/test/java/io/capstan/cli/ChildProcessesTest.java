package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** No process of the snapshot outlives {@link ChildProcesses#close()}. */
class ChildProcessesTest {

  @Test
  @DisplayName("an orphan whose parent shell already died is still killed")
  void killsOrphans() throws Exception {
    Process shell =
        new ProcessBuilder("/bin/sh", "-c", "sleep 60 </dev/null >/dev/null 2>&1 & echo $!")
            .start();
    long orphanPid =
        Long.parseLong(
            new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
    ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
    assertThat(orphan.isAlive()).isTrue();

    new ChildProcesses(List.of(orphan), Duration.ofMillis(200)).close();

    assertThat(orphan.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
  }

  @Test
  @DisplayName("a process ignoring SIGTERM is killed after the grace period")
  void killsAfterGrace() throws IOException {
    Process stubborn = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; sleep 60").start();
    ChildProcesses processes =
        new ChildProcesses(List.of(stubborn.toHandle()), Duration.ofMillis(300));
    assertThat(processes.alive()).hasSize(1);

    long start = System.nanoTime();
    processes.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(stubborn.toHandle().onExit().join().isAlive()).isFalse();
    assertThat(processes.alive()).isEmpty();
  }

  @Test
  @DisplayName("processes that end within the grace period are waited for, not killed")
  void waitsForProcessesThatEnd() throws Exception {
    Process quick = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2; exit 7").start();

    new ChildProcesses(List.of(quick.toHandle()), Duration.ofSeconds(10)).close();

    assertThat(quick.waitFor(1, TimeUnit.SECONDS)).isTrue();
    assertThat(quick.exitValue()).isEqualTo(7); // its own exit, not a SIGKILL (137)
  }
}
