package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ControllerFlagsTest {

  @Command(name = "test-controller")
  static final class TestCommand {
    @Mixin ControllerFlags flags;
  }

  private static ControllerFlags parse(String... args) {
    TestCommand command = new TestCommand();
    new CommandLine(command).parseArgs(args);
    return command.flags;
  }

  @Test
  @DisplayName("without flags: Flux's defaults, no leader election, JSON logs at info")
  void defaults() {
    ControllerFlags flags = parse();
    assertThat(flags.metricsAddress()).isEqualTo(":8080");
    assertThat(flags.healthAddress()).isEqualTo(":9440");
    assertThat(flags.logLevel()).isEqualTo("info");
    assertThat(flags.logEncoding()).isEqualTo(LogEncoding.JSON);
    assertThat(flags.watchNamespaces("flux-system")).isEmpty();
    assertThat(flags.concurrent(4)).isEqualTo(4);
    assertThat(flags.leaderElection("kustomize-controller", "flux-system").enabled()).isFalse();
  }

  @Test
  @DisplayName("--enable-leader-election: Lease <controller>-leader-election, 35s/30s/5s, release")
  void election() {
    LeaderElectionSettings settings =
        parse("--enable-leader-election").leaderElection("source-controller", "flux-system");
    assertThat(settings)
        .isEqualTo(
            new LeaderElectionSettings(
                true,
                "source-controller-leader-election",
                "flux-system",
                Duration.ofSeconds(35),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                true));
  }

  static Stream<Arguments> flags() {
    return Stream.of(
        Arguments.of(new String[] {"--metrics-addr=127.0.0.1:0"}, "metricsAddress", "127.0.0.1:0"),
        Arguments.of(new String[] {"--health-addr", ":9441"}, "healthAddress", ":9441"),
        Arguments.of(new String[] {"--log-level=DEBUG"}, "logLevel", "debug"),
        Arguments.of(new String[] {"--log-level=trace"}, "logLevel", "trace"),
        Arguments.of(new String[] {"--log-encoding=console"}, "logEncoding", LogEncoding.CONSOLE),
        Arguments.of(new String[] {"--concurrent=9"}, "concurrent", 9),
        Arguments.of(
            new String[] {"--watch-all-namespaces=false"}, "watchNamespaces", Set.of("apps")),
        Arguments.of(
            new String[] {"--enable-leader-election", "--leader-election-lease-duration=40s"},
            "leaseDuration",
            Duration.ofSeconds(40)),
        Arguments.of(
            new String[] {"--enable-leader-election", "--leader-election-release-on-cancel=false"},
            "releaseOnCancel",
            false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("flags")
  @DisplayName("each flag sets its value")
  void flag(String[] args, String what, Object expected) {
    ControllerFlags flags = parse(args);
    Object actual =
        switch (what) {
          case "metricsAddress" -> flags.metricsAddress();
          case "healthAddress" -> flags.healthAddress();
          case "logLevel" -> flags.logLevel();
          case "logEncoding" -> flags.logEncoding();
          case "concurrent" -> flags.concurrent(2);
          case "watchNamespaces" -> flags.watchNamespaces("apps");
          case "leaseDuration" -> flags.leaderElection("c", "ns").leaseDuration();
          case "releaseOnCancel" -> flags.leaderElection("c", "ns").releaseOnCancel();
          default -> throw new IllegalArgumentException(what);
        };
    assertThat(actual).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(new String[] {"--log-level=loud"}, "--log-level"),
        Arguments.of(new String[] {"--log-encoding=xml"}, "--log-encoding"),
        Arguments.of(new String[] {"--concurrent=0"}, "--concurrent"),
        Arguments.of(new String[] {"--watch-all-namespaces=false"}, "RUNTIME_NAMESPACE"),
        Arguments.of(
            new String[] {"--enable-leader-election", "--leader-election-renew-deadline=40s"},
            "renew-deadline"),
        Arguments.of(new String[] {"--enable-leader-election"}, "namespace"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  @DisplayName("inconsistent flags are refused with a message naming the problem")
  void refuses(String[] args, String message) {
    ControllerFlags flags = parse(args);
    assertThatThrownBy(
            () -> {
              flags.logLevel();
              flags.logEncoding();
              flags.concurrent(2);
              flags.watchNamespaces(null);
              flags.leaderElection("c", message.equals("namespace") ? null : "ns");
            })
        .hasMessageContaining(message);
  }
}
