package io.capstan.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.process.ControllerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  @DisplayName("without flags the options are Flux's notification-controller defaults")
  void defaults() {
    assertThat(Main.parse(new String[0], "flux-system"))
        .isEqualTo(
            new NotificationControllerOptions(
                4, Set.of(), ":9090", ":9292", false, Duration.ofMinutes(5), false))
        .isEqualTo(NotificationControllerOptions.builder().build());
  }

  @Test
  @DisplayName("toBuilder() keeps every option and build() validates like the constructor")
  void toBuilderRoundTrip() {
    NotificationControllerOptions options =
        new NotificationControllerOptions(
            2, Set.of("apps"), "127.0.0.1:0", "127.0.0.1:1", true, Duration.ofSeconds(9), true);
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.toBuilder().receiveProcessEvents(false).build())
        .isEqualTo(
            new NotificationControllerOptions(
                2,
                Set.of("apps"),
                "127.0.0.1:0",
                "127.0.0.1:1",
                true,
                Duration.ofSeconds(9),
                false));
    assertThatThrownBy(() -> options.toBuilder().eventsAddress("http://nc:9090/").build())
        .hasMessageContaining("not a URL");
  }

  @Test
  @DisplayName("the deployment's flags: --events-addr is the intake's listen address")
  void deploymentFlags() {
    NotificationControllerOptions options =
        Main.parse(
            new String[] {
              "--events-addr=:9091",
              "--receiverAddr=127.0.0.1:9393",
              "--rate-limit-interval=1m30s",
              "--no-cross-namespace-refs",
              "--watch-all-namespaces=false",
              "--concurrent=2"
            },
            "flux-system");
    assertThat(options)
        .isEqualTo(
            NotificationControllerOptions.builder()
                .concurrent(2)
                .watchNamespaces(Set.of("flux-system"))
                .eventsAddress(":9091")
                .receiverAddress("127.0.0.1:9393")
                .noCrossNamespaceRefs(true)
                .rateLimitInterval(Duration.ofSeconds(90))
                .build());
  }

  @Test
  @DisplayName("a URL for --events-addr and a zero --rate-limit-interval are refused")
  void refusesBadValues() {
    assertThatThrownBy(
            () -> Main.parse(new String[] {"--events-addr=http://nc:9090/"}, "flux-system"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listens on");
    assertThatThrownBy(() -> Main.parse(new String[] {"--rate-limit-interval=0s"}, "flux-system"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rate-limit-interval must be positive");
  }

  @Test
  @DisplayName("--help lists notification-controller's own and shared flags")
  void help() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    assertThat(commandLine.execute("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "notification-controller",
            "--receiverAddr",
            "--rate-limit-interval",
            "--no-cross-namespace-refs",
            "--events-addr",
            "--concurrent");
  }

  @Test
  @DisplayName("capstan run's module receives the events of its process; --local moves the ports")
  void processModule() throws Exception {
    NotificationControllerFlags flags = new NotificationControllerFlags().receiveProcessEvents();
    flags.replaceDefaults("127.0.0.1:0", null);
    NotificationControllerOptions options = ControllerCommand.parse(flags, new String[0], null);
    assertThat(options.receiveProcessEvents()).isTrue();
    assertThat(options.eventsAddress()).isEqualTo("127.0.0.1:0");
    assertThat(options.receiverAddress()).isEqualTo(":9292");
    assertThat(NotificationController.loopbackUrl(new InetSocketAddress(9090)))
        .isEqualTo("http://127.0.0.1:9090/");
    assertThat(
            NotificationController.loopbackUrl(
                new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 80)))
        .isEqualTo("http://127.0.0.2:80/");
  }
}
