package io.capstan.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A snapshot of processes this JVM started (the control plane's executables and their watchdog
 * shells), kept so that none outlives the command. {@link #close()} gives them a grace period to
 * end, then kills the survivors.
 *
 * <p>Why the control plane's own stop is not enough: a signal sent to the whole process group
 * ({@code kill -TERM -- -PGID}, {@code timeout}, a service manager) also reaches the watchdog
 * shells, which die at once; their executables are re-parented to init and no longer descendants of
 * this JVM, and a kube-apiserver whose etcd is gone may never finish its graceful shutdown. The
 * handles taken here still reach them (a {@link ProcessHandle} also checks the start time, so a
 * reused pid is never killed).
 */
final class ChildProcesses implements AutoCloseable {

  private final List<ProcessHandle> processes;
  private final Duration grace;

  ChildProcesses(List<ProcessHandle> processes, Duration grace) {
    this.processes = List.copyOf(processes);
    this.grace = grace;
  }

  /** Every current descendant of this JVM, with a 5 s grace period. */
  static ChildProcesses ofThisJvm() {
    return new ChildProcesses(
        ProcessHandle.current().descendants().toList(), Duration.ofSeconds(5));
  }

  /** The processes of the snapshot that still run. */
  List<ProcessHandle> alive() {
    return processes.stream().filter(ProcessHandle::isAlive).toList();
  }

  /** Waits up to the grace period for every process to end, then kills (SIGKILL) the rest. */
  @Override
  public void close() {
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle process : processes) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      try {
        process.onExit().get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    alive().forEach(ProcessHandle::destroyForcibly);
  }
}
