package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.events.NotificationForwarder;
import io.capstan.runtime.events.ProcessEventSinks;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ControllerMainEventsTest {

  @Command(name = "test")
  static final class Holder {
    @Mixin ControllerFlags flags;
  }

  @Test
  @DisplayName("--events-addr is a shared flag, empty by default")
  void flag() {
    Holder none = new Holder();
    new CommandLine(none).parseArgs();
    assertThat(none.flags.eventsAddress()).isEmpty();
    Holder set = new Holder();
    new CommandLine(set)
        .parseArgs("--events-addr=http://notification-controller.flux-system.svc.cluster.local./");
    assertThat(set.flags.eventsAddress())
        .isEqualTo("http://notification-controller.flux-system.svc.cluster.local./");
  }

  @Test
  @DisplayName("only an http(s) --events-addr installs a forwarder for every reconciler")
  void forwarderOnlyForUrls() {
    assertThat(ControllerMain.eventForwarder("")).isNull();
    assertThat(ControllerMain.eventForwarder(":9090")).isNull();
    NotificationForwarder forwarder = ControllerMain.eventForwarder("http://127.0.0.1:9/");
    try {
      assertThat(forwarder).isNotNull();
      assertThat(ProcessEventSinks.installed()).contains(forwarder);
    } finally {
      ProcessEventSinks.uninstall(forwarder);
      forwarder.close(Duration.ZERO);
    }
    assertThat(ProcessEventSinks.installed()).doesNotContain(forwarder);
  }
}
