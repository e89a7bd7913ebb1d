package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmarks read of a process from {@code /proc}: from {@code /proc/<pid>/status} the
 * resident set ({@code VmRSS}), its high-water mark ({@code VmHWM}) and the thread count, and from
 * {@code /proc/<pid>/stat} the CPU time used (user + system clock ticks). Each figure is -1 when
 * the file does not carry it.
 */
record ProcStatus(long rssKib, long hwmKib, int threads) {

  /** Reads {@code /proc/<pid>/status}; fails when the process is gone. */
  static ProcStatus of(String pid) throws IOException {
    return parse(Files.readString(Path.of("/proc", pid, "status")));
  }

  /** Parses the text of a {@code /proc/<pid>/status} file. */
  static ProcStatus parse(String status) {
    long rss = -1;
    long hwm = -1;
    int threads = -1;
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        rss = number(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = number(line);
      } else if (line.startsWith("Threads:")) {
        threads = (int) number(line);
      }
    }
    return new ProcStatus(rss, hwm, threads);
  }

  /** The resident set in MiB (-1 when unknown). */
  double rssMib() {
    return rssKib < 0 ? -1 : rssKib / 1024.0;
  }

  /**
   * User + system clock ticks from the text of {@code /proc/<pid>/stat}: fields 14 and 15, counted
   * after the parenthesised command name (which may itself hold blanks and parentheses).
   */
  static long cpuTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long number(String line) {
    String digits = line.substring(line.indexOf(':') + 1).replaceAll("[^0-9]", "");
    return digits.isEmpty() ? -1 : Long.parseLong(digits);
  }
}
