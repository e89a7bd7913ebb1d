package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessOrphanTest {

  @Test
  @DisplayName(
      "an executable whose watchdog was killed first (a process-group signal) is still stopped")
  void stopsAnExecutableThatOutlivedItsWatchdog(@TempDir Path dir) throws Exception {
    ManagedProcess managed =
        ManagedProcess.start("sleeper", List.of("sleep", "300"), dir.resolve("sleeper.log"));
    List<Long> pids = managed.executablePids();
    assertThat(pids).hasSize(1);
    ProcessHandle executable = ProcessHandle.of(pids.get(0)).orElseThrow();
    Optional<ProcessHandle> watchdog = executable.parent();
    assertThat(watchdog).isPresent();

    // What a SIGTERM to the process group does to the watchdog: its shell and its pipe watcher
    // (a sub-shell and `cat`) end at once, while the executable ignores it or takes its time.
    List<ProcessHandle> helpers =
        watchdog.get().descendants().filter(h -> h.pid() != executable.pid()).toList();
    assertThat(helpers).isNotEmpty();
    helpers.forEach(ProcessHandle::destroyForcibly);
    watchdog.get().destroyForcibly();
    watchdog.get().onExit().get(5, TimeUnit.SECONDS);
    assertThat(executable.isAlive()).as("re-parented, still running").isTrue();

    managed.stop(1);

    executable.onExit().get(5, TimeUnit.SECONDS);
    assertThat(executable.isAlive()).isFalse();
  }

  @Test
  @DisplayName(
      "a SIGTERM to the whole process group still ends an executable that ignores it, within"
          + " the watchdog's 10 s, without any help from this JVM")
  void groupSignalEscalatesToKill(@TempDir Path dir) throws Exception {
    ManagedProcess managed =
        ManagedProcess.start(
            "stubborn",
            List.of("/bin/bash", "-c", "trap '' TERM INT HUP; while :; do sleep 1; done"),
            dir.resolve("stubborn.log"));
    List<Long> pids = managed.executablePids();
    assertThat(pids).hasSize(1);
    ProcessHandle executable = ProcessHandle.of(pids.get(0)).orElseThrow();
    ProcessHandle watchdog = executable.parent().orElseThrow();

    // `kill -TERM -- -<pgid>` as Ctrl-C or a service manager does it: every process gets it.
    List<ProcessHandle> group = new java.util.ArrayList<>(watchdog.descendants().toList());
    group.add(watchdog);
    group.forEach(ProcessHandle::destroy);

    executable.onExit().get(30, TimeUnit.SECONDS);
    assertThat(executable.isAlive()).isFalse();
    assertThat(watchdog.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    managed.stop(1);
  }
}
