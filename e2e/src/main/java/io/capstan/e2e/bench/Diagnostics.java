package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a controller's memory goes, captured with {@code -Dcapstan.bench.diagnose=true}: {@code
 * /proc} VmRSS/VmHWM/Threads, {@code jcmd VM.native_memory summary} (when the controller runs with
 * {@code -XX:NativeMemoryTracking=summary}) and the heap histogram after a full GC ({@code jcmd
 * GC.class_histogram}, whose total is the live heap), written to {@code out/<name>-*.txt} and
 * summarised on one {@code DIAG} line.
 */
final class Diagnostics {

  private Diagnostics() {}

  /** Captures the figures of {@code process} now; never fails the benchmark. */
  static void capture(MonitoredProcess process, Path out, String name) {
    try {
      String status = Files.readString(Path.of("/proc", process.pid(), "status"));
      String nmt = process.jcmd("VM.native_memory", "summary");
      Files.writeString(out.resolve(name + "-nmt.txt"), nmt);
      String histogram = process.jcmd("GC.class_histogram");
      Files.writeString(out.resolve(name + "-histogram.txt"), histogram);
      StringBuilder line = new StringBuilder("DIAG " + name);
      for (String l : status.split("\n")) {
        if (l.startsWith("VmRSS:") || l.startsWith("VmHWM:") || l.startsWith("Threads:")) {
          line.append(' ').append(l.replaceAll("\\s+", " "));
        }
      }
      for (String l : histogram.split("\n")) {
        if (l.startsWith("Total")) {
          line.append(" live-heap: ").append(l.trim());
        }
      }
      for (String l : nmt.split("\n")) {
        if (l.startsWith("Total:")) {
          line.append(" nmt ").append(l.trim());
        }
      }
      System.out.println(line);
    } catch (IOException | RuntimeException e) {
      System.out.println("DIAG " + name + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
