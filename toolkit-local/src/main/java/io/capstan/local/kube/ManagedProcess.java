package io.capstan.local.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One control-plane executable running as a child of this JVM, with its output in a log file.
 *
 * <p>The executable runs under a tiny {@code /bin/sh} watchdog that holds the read end of a pipe
 * from this JVM: when the JVM exits for any reason — including {@code kill -9} — the pipe closes
 * and the watchdog terminates the executable. So no control-plane process outlives its test JVM.
 */
public final class ManagedProcess {

  // $1 is the executable. The watcher reads fd 3 (our stdin) and, on EOF (this JVM closed it or
  // died), sends SIGTERM and after 10 s SIGKILL. A SIGTERM/SIGINT/SIGHUP to the whole process group
  // (Ctrl-C, `kill -- -pgid`) reaches the executable directly; the shell and the watcher catch it
  // instead of dying, so the watcher's escalation to SIGKILL still happens even when this JVM is
  // gone before it could stop the executable itself (a kube-apiserver whose etcd already died can
  // take minutes to finish a graceful shutdown).
  private static final String WATCHDOG =
      "exec 3<&0\n"
          + "\"$@\" </dev/null &\n"
          + "child=$!\n"
          + "trap 'kill -TERM $child 2>/dev/null' TERM INT HUP\n"
          + "{ trap : TERM INT HUP; cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; sleep 10;"
          + " kill -KILL $child 2>/dev/null; } &\n"
          + "watcher=$!\n"
          + "while :; do\n"
          + "  wait $child\n"
          + "  status=$?\n"
          + "  kill -0 $child 2>/dev/null || break\n"
          + "done\n"
          + "kill -KILL $watcher 2>/dev/null\n"
          + "exit $status\n";

  private final String name;
  private final Process process;
  private final Path logFile;

  /**
   * The executable's handle(s), remembered while the watchdog is alive: if the watchdog dies first
   * (a signal to the whole process group), the executable is re-parented and no longer one of its
   * descendants, and {@link #stop} still has to end it.
   */
  private final List<ProcessHandle> executables = new CopyOnWriteArrayList<>();

  private ManagedProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} with stdout and stderr appended to {@code logFile}.
   *
   * @param name a short label used in messages, e.g. {@code kube-apiserver}
   */
  public static ManagedProcess start(String name, List<String> command, Path logFile) {
    List<String> full = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "capstan-" + name));
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    ManagedProcess managed;
    try {
      managed = new ManagedProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
    managed.rememberExecutable(Duration.ofSeconds(2));
    return managed;
  }

  /** Waits up to {@code limit} for the watchdog to have started the executable, and records it. */
  private void rememberExecutable(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      List<ProcessHandle> found =
          process.toHandle().children().filter(h -> !isWatchdogHelper(h)).toList();
      if (!found.isEmpty()) {
        executables.addAll(found);
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The label given at start. */
  public String name() {
    return name;
  }

  /** True while the executable runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The executable's exit status once it has ended (128+n when killed by signal n). */
  public Optional<Integer> exitStatus() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** The file its output goes to. */
  public Path logFile() {
    return logFile;
  }

  /** Process ids of the executable (not the watchdog), for diagnostics and orphan reaping. */
  public List<Long> executablePids() {
    return process
        .toHandle()
        .children()
        .filter(h -> !isWatchdogHelper(h))
        .map(ProcessHandle::pid)
        .toList();
  }

  private static boolean isWatchdogHelper(ProcessHandle handle) {
    String command = handle.info().command().orElse("");
    return command.endsWith("/sh") || command.endsWith("/cat") || command.endsWith("/dash");
  }

  /** The last {@code lines} lines of its log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all =
          Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** A one-paragraph description of why it is not running, with its log tail. */
  public String describeDeath(int logLines) {
    return String.format(
        "%s is not running (exit status %s); last %d lines of %s:%n%s",
        name,
        exitStatus().map(String::valueOf).orElse("unknown"),
        logLines,
        logFile,
        logTail(logLines));
  }

  /**
   * Asks the executable to stop (SIGTERM via the watchdog), waits up to {@code graceSeconds}, then
   * kills it and the watchdog; an executable that outlived its watchdog is stopped directly.
   * Idempotent.
   */
  public void stop(long graceSeconds) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    stopOrphans(graceSeconds);
  }

  /** Ends a remembered executable that outlived its watchdog: SIGTERM, then SIGKILL after grace. */
  private void stopOrphans(long graceSeconds) {
    for (ProcessHandle executable : executables) {
      if (!executable.isAlive()) {
        continue;
      }
      executable.destroy();
      try {
        executable.onExit().get(graceSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException ignored) {
        // still alive: killed below
      }
      executable.destroyForcibly();
    }
  }

  /** Kills the executable abruptly (SIGKILL), as a crash would; the watchdog then exits. */
  public void kill() {
    process
        .toHandle()
        .children()
        .filter(h -> !isWatchdogHelper(h))
        .forEach(ProcessHandle::destroyForcibly);
  }
}
