package io.capstan.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcStatusTest {

  private static final String STATUS =
      """
      Name:\tjava
      Umask:\t0022
      State:\tS (sleeping)
      VmPeak:\t 3712960 kB
      VmSize:\t 3648448 kB
      VmHWM:\t  151232 kB
      VmRSS:\t  140316 kB
      RssAnon:\t  120000 kB
      Threads:\t41
      SigQ:\t0/95000
      """;

  @Test
  @DisplayName("reads VmRSS, VmHWM and Threads of /proc/<pid>/status, not VmPeak or RssAnon")
  void parsesStatus() {
    ProcStatus s = ProcStatus.parse(STATUS);
    assertThat(s.rssKib()).isEqualTo(140316);
    assertThat(s.hwmKib()).isEqualTo(151232);
    assertThat(s.threads()).isEqualTo(41);
    assertThat(s.rssMib()).isEqualTo(140316 / 1024.0);
  }

  @Test
  @DisplayName("a kernel thread's status has no Vm lines: -1, not 0")
  void missingFigures() {
    ProcStatus s = ProcStatus.parse("Name:\tkthreadd\nThreads:\t1\n");
    assertThat(s.rssKib()).isEqualTo(-1);
    assertThat(s.hwmKib()).isEqualTo(-1);
    assertThat(s.rssMib()).isEqualTo(-1);
    assertThat(s.threads()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("CPU ticks are utime + stime, counted after the last ')' of the command name")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain name|1234 (java) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 41 0 5 0|287",
        "name with blanks and parens|77 (a (b) c) R 1 77 77 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5 0|11",
      })
  void cpuTicks(String name, String stat, long ticks) {
    assertThat(ProcStatus.cpuTicks(stat)).isEqualTo(ticks);
  }

  @Test
  @DisplayName("this JVM's own /proc entry parses to a positive RSS and thread count")
  void ownProcess() throws IOException {
    ProcStatus self = ProcStatus.of(Long.toString(ProcessHandle.current().pid()));
    assertThat(self.rssKib()).isPositive();
    assertThat(self.hwmKib()).isGreaterThanOrEqualTo(self.rssKib());
    assertThat(self.threads()).isPositive();
  }
}
