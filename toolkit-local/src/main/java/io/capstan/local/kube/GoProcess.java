package io.capstan.local.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@code go} command on a pinned module the way Capstan's builds do ({@link
 * KubeBinaryProvisioner}'s Kubernetes binaries, toolkit-testing's test tools): in the module
 * folder, with {@code GOFLAGS=-mod=mod -buildvcs=false} (the module's go.sum is authoritative; no
 * VCS stamping, the folder may sit in any repository), stdin closed and stderr merged into stdout.
 */
public final class GoProcess {

  /** The {@code GOFLAGS} every pinned-module build runs with. */
  public static final String GOFLAGS = "-mod=mod -buildvcs=false";

  private static final int TAIL_LINES = 40;

  private GoProcess() {}

  /**
   * Runs {@code command} in {@code workDir}, passing each output line to {@code lines}, and waits
   * up to {@code limit}.
   *
   * @param what names the command in failure messages ({@code "go build"})
   * @throws IllegalStateException when it does not finish within {@code limit}, or exits non-zero
   *     (the message ends with the last 40 lines of its output)
   */
  public static void run(
      List<String> command, Path workDir, Duration limit, String what, Consumer<String> lines)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().put("GOFLAGS", GOFLAGS);
    Process process = builder.start();
    process.getOutputStream().close();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.accept(line);
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
      }
    }
    if (!process.waitFor(limit.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(what + " did not finish within " + limit);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          what + " failed with exit code " + process.exitValue() + ":\n" + String.join("\n", tail));
    }
  }
}
