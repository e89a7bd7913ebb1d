package io.capstan.source.bench;

import io.capstan.testing.process.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source-controller in its own JVM (the shaded jar when built, else the test classpath), with
 * its resident set size sampled every 200 ms through {@code ps -o rss=}.
 */
final class ControllerProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/capstan-source-controller.jar");

  private final JarProcess process;
  private final long pid;
  private final AtomicLong peakRssKib = new AtomicLong();
  private final Thread sampler;
  final String launchedFrom;

  ControllerProcess(Path kubeconfig, Path storage, int concurrent, List<String> jvmFlags, Path log)
      throws IOException {
    List<String> launch;
    if (Files.isRegularFile(JAR)) {
      launch = List.of("-jar", JAR.toString());
      launchedFrom = "shaded jar " + JAR;
    } else {
      String cp =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      launch = List.of("-cp", cp, "io.capstan.source.Main");
      launchedFrom = "test classpath (shaded jar not built)";
    }
    process =
        JarProcess.launch(
            "source-controller",
            launch,
            kubeconfig,
            Map.of(),
            jvmFlags,
            List.of(
                "--concurrent=" + concurrent,
                "--storage-path=" + storage,
                "--storage-addr=127.0.0.1:0",
                "--metrics-addr=127.0.0.1:0",
                "--health-addr=127.0.0.1:0",
                "--log-level=error"),
            log,
            -1,
            -1);
    List<Long> pids = process.pids();
    if (pids.isEmpty()) {
      throw new IllegalStateException("source-controller did not start: " + process.logTail(20));
    }
    pid = pids.get(0);
    sampler = new Thread(this::sample, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    while (process.isAlive()) {
      try {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
        String out = new String(ps.getInputStream().readAllBytes()).trim();
        ps.waitFor();
        if (!out.isEmpty()) {
          peakRssKib.accumulateAndGet(Long.parseLong(out), Math::max);
        }
        Thread.sleep(200);
      } catch (IOException | NumberFormatException e) {
        return;
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

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Where the memory goes, written next to the log before the process stops: thread count and VmRSS
   * from {@code /proc}, {@code jcmd VM.native_memory summary} (when the JVM runs with {@code
   * -XX:NativeMemoryTracking}) and the top of {@code jcmd GC.class_histogram}. Enabled with {@code
   * -Dcapstan.bench.diagnose=true}; prints the NMT category totals with a {@code DIAG} prefix.
   */
  void diagnose(Path out) throws IOException, InterruptedException {
    StringBuilder report = new StringBuilder();
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("Threads:") || line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
          report.append(line).append('\n');
          System.out.println("DIAG " + line.replaceAll("\\s+", " "));
        }
      }
    }
    String nmt = jcmd("VM.native_memory", "summary");
    report.append(nmt);
    for (String line : nmt.split("\n")) {
      String t = line.trim();
      if (t.startsWith("Total:") || (t.startsWith("-") && t.contains("reserved="))) {
        System.out.println("DIAG " + t.replaceAll("\\s+", " "));
      }
    }
    String histogram = jcmd("GC.class_histogram");
    String[] lines = histogram.split("\n");
    for (int i = 0; i < Math.min(lines.length, 25); i++) {
      report.append(lines[i]).append('\n');
    }
    String total = lines[lines.length - 1].trim();
    report.append(total).append('\n');
    System.out.println("DIAG heap histogram " + total.replaceAll("\\s+", " "));
    Files.writeString(out, report.toString());
  }

  private String jcmd(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  @Override
  public void close() {
    process.close();
  }
}
