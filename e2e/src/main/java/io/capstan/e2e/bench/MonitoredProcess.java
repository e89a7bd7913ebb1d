package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A child process of the benchmark (a controller in its own JVM) whose resident set size (VmRSS)
 * and CPU time are sampled every 200 ms from {@code /proc} ({@link ProcStatus}); its output goes to
 * a log file. The one launcher of every benchmark's processes.
 */
final class MonitoredProcess implements AutoCloseable {

  private final Process process;
  private final AtomicLong peakRssKib = new AtomicLong();
  private final AtomicLong cpuTicks = new AtomicLong();
  private final Thread sampler;
  private final Path log;

  private MonitoredProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.sampler = new Thread(this::sample, "rss-sampler-" + process.pid());
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts {@code command} with {@code env} added to this JVM's environment. */
  static MonitoredProcess start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new MonitoredProcess(pb.start(), log);
  }

  /** The {@code java} of the running JDK, or {@code capstan.bench.java} when set. */
  static String java() {
    String java = System.getProperty("capstan.bench.java", "");
    return java.isBlank()
        ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
        : java;
  }

  private void sample() {
    Path stat = Path.of("/proc", pid(), "stat");
    while (process.isAlive()) {
      try {
        long kib = ProcStatus.of(pid()).rssKib();
        peakRssKib.accumulateAndGet(kib, Math::max);
        cpuTicks.set(ProcStatus.cpuTicks(Files.readString(stat)));
        Thread.sleep(200);
      } catch (IOException | RuntimeException e) {
        return; // the process ended between isAlive() and the read
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The highest RSS seen so far, in MiB. */
  double peakRssMib() {
    return peakRssKib.get() / 1024.0;
  }

  /**
   * CPU time (user + system) the process has used so far, in seconds, as of the last sample
   * (assumes the usual 100 clock ticks per second).
   */
  double cpuSeconds() {
    return cpuTicks.get() / 100.0;
  }

  /** The current thread count from {@code /proc}, or -1 when the process is gone. */
  int threads() {
    try {
      return ProcStatus.of(pid()).threads();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The idle resident set: waits {@code settle}, then returns the highest of {@code samples} VmRSS
   * samples 0.5 s apart, in MiB.
   */
  double idleRssMib(Duration settle, int samples) throws IOException, InterruptedException {
    Thread.sleep(settle.toMillis());
    long max = 0;
    for (int i = 0; i < samples; i++) {
      max = Math.max(max, ProcStatus.of(pid()).rssKib());
      Thread.sleep(500);
    }
    return max / 1024.0;
  }

  /**
   * Waits until the process's log contains {@code text} (a controller's "started" line); fails with
   * the log's path when the process exits or the time runs out.
   */
  void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
    awaitLog(Pattern.compile(Pattern.quote(text)), timeout);
  }

  /**
   * Waits until {@code pattern} is found in the process's log (the local demo's status line, whose
   * column widths depend on the kinds it lists); fails with the log's path when the process exits
   * or the time runs out.
   */
  void awaitLog(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (pattern.matcher(Files.readString(log, StandardCharsets.UTF_8)).find()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "no '" + pattern + "' in " + log + " (process alive: " + process.isAlive() + ")");
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** The process id as a string. */
  String pid() {
    return Long.toString(process.pid());
  }

  /** The log file the process writes to. */
  Path log() {
    return log;
  }

  /** Runs {@code jcmd <pid> args...} and returns its output. */
  String jcmd(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(pid());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  /** Asks the process to stop (SIGTERM), then kills it after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
