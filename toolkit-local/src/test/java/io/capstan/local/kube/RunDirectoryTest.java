package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  @TempDir Path tmp;

  @Test
  @DisplayName("a new run reaps directories and recorded processes of JVMs that are gone")
  void reapsLeftoversOfDeadJvms() throws Exception {
    Process dead = new ProcessBuilder("/bin/true").start();
    dead.waitFor();
    Process survivor = new ProcessBuilder("/bin/sleep", "300").start();
    try {
      Path stale = Files.createDirectory(tmp.resolve("capstan-kube-" + dead.pid() + "-1"));
      String sleepCommand = survivor.info().command().orElseThrow();
      Files.writeString(stale.resolve("pids"), survivor.pid() + " " + sleepCommand + "\n");
      Path mine =
          Files.createDirectory(
              tmp.resolve("capstan-kube-" + ProcessHandle.current().pid() + "-2"));

      RunDirectory fresh = RunDirectory.create(tmp);

      assertThat(stale).doesNotExist();
      assertThat(mine).exists();
      assertThat(fresh.path()).exists();
      HealthProbe.await(
          "the recorded process to be killed",
          Duration.ofSeconds(5),
          List.of(),
          () -> !survivor.isAlive());
    } finally {
      survivor.destroyForcibly();
    }
  }

  @Test
  @DisplayName("a recorded pid that now runs another program is left alone")
  void doesNotKillReusedPid() throws Exception {
    Process dead = new ProcessBuilder("/bin/true").start();
    dead.waitFor();
    Process other = new ProcessBuilder("/bin/sleep", "300").start();
    try {
      Path stale = Files.createDirectory(tmp.resolve("capstan-kube-" + dead.pid() + "-1"));
      Files.writeString(stale.resolve("pids"), other.pid() + " /somewhere/kube-apiserver\n");

      RunDirectory.create(tmp);

      assertThat(stale).doesNotExist();
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroyForcibly();
    }
  }
}
