package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process of the benchmark (a controller in its own JVM) whose resident set size is sampled
 * every 200 ms from {@code /proc/<pid>/status} (VmRSS); its output goes to a log file.
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
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    while (process.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmRSS:")) {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            peakRssKib.accumulateAndGet(kib, Math::max);
          }
        }
        // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime.
        String s = Files.readString(stat);
        String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
        cpuTicks.set(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        Thread.sleep(200);
      } catch (IOException | NumberFormatException e) {
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
      for (String line : Files.readAllLines(Path.of("/proc", pid(), "status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
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
