package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How controller modules become command lines: one controller, or several sharing flags. */
class ControllerCommandTest {

  /** What the test modules' options hold. */
  record Options(String name, int concurrent, Duration requeue, Map<String, Boolean> gates) {}

  /** A test module without flags of its own, reading {@link DependencyFlags} and feature gates. */
  static final class Module implements ControllerModule<Options> {
    private final String name;
    private final int defaultConcurrent;
    private final Set<String> gates;

    Module(String name, int defaultConcurrent, Set<String> gates) {
      this.name = name;
      this.defaultConcurrent = defaultConcurrent;
      this.gates = gates;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "test " + name;
    }

    @Override
    public List<Class<?>> sharedFlags() {
      return List.of(DependencyFlags.class, FeatureGateFlags.class);
    }

    @Override
    public Set<String> featureGates() {
      return gates;
    }

    @Override
    public Options options(ParsedFlags flags) {
      return new Options(
          name,
          flags.concurrent(defaultConcurrent),
          flags.group(DependencyFlags.class).requeueDependency(),
          flags.group(FeatureGateFlags.class).gates());
    }

    @Override
    public Controller create(Options options, ControllerContext context) {
      throw new UnsupportedOperationException("not started in this test");
    }
  }

  @Command(name = "all")
  static final class AllCommand {
    @CommandLine.Mixin ControllerFlags flags;
  }

  private static List<ControllerModule.Prepared> parseAll(String... args) {
    AllCommand command = new AllCommand();
    CommandLine commandLine = new CommandLine(command);
    List<Module> modules =
        List.of(new Module("alpha", 2, Set.of("GateA")), new Module("beta", 4, Set.of("GateB")));
    Map<Class<?>, Object> groups = ControllerCommand.addFlags(commandLine, modules);
    commandLine.parseArgs(args);
    return ControllerCommand.prepare(modules, new ParsedFlags(command.flags, groups, "ns"));
  }

  @Test
  @DisplayName("one controller: its command line takes the process flags and the shared groups")
  void oneController() {
    Options options =
        ControllerCommand.parse(
            new Module("alpha", 2, Set.of("GateA")),
            new String[] {"--requeue-dependency=5s", "--feature-gates=GateA=true"},
            "ns");
    assertThat(options)
        .isEqualTo(new Options("alpha", 2, Duration.ofSeconds(5), Map.of("GateA", true)));
  }

  @Test
  @DisplayName("several controllers: a shared flag is defined once and read by each")
  void sharedFlagsOnce() {
    List<ControllerModule.Prepared> prepared =
        parseAll("--requeue-dependency=7s", "--feature-gates=GateA=true,GateB=false");

    assertThat(prepared)
        .extracting(ControllerModule.Prepared::options)
        .containsExactly(
            new Options("alpha", 2, Duration.ofSeconds(7), Map.of("GateA", true, "GateB", false)),
            new Options("beta", 4, Duration.ofSeconds(7), Map.of("GateA", true, "GateB", false)));
  }

  @Test
  @DisplayName("--concurrent applies to every controller; without it each keeps its default")
  void concurrency() {
    assertThat(parseAll("--concurrent=3"))
        .extracting(p -> ((Options) p.options()).concurrent())
        .containsExactly(3, 3);
    assertThat(parseAll())
        .extracting(p -> ((Options) p.options()).concurrent())
        .containsExactly(2, 4);
  }

  @Test
  @DisplayName("a feature gate that no controller of the command knows is refused")
  void unknownGate() {
    assertThatThrownBy(() -> parseAll("--feature-gates=GateC=true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown feature gate 'GateC' (supported: GateA, GateB)");
    assertThatThrownBy(
            () ->
                ControllerCommand.parse(
                    new Module("alpha", 2, Set.of("GateA")),
                    new String[] {"--feature-gates=GateB=true"},
                    "ns"))
        .hasMessageContaining("unknown feature gate 'GateB'");
    assertThatThrownBy(() -> parseAll("--feature-gates=GateA=yes"))
        .hasMessageContaining("expected Name=true or Name=false");
  }

  @Test
  @DisplayName("a module reading a group it did not declare fails loudly")
  void undeclaredGroup() {
    ParsedFlags flags = new ParsedFlags(new ControllerFlags(), Map.of(), "ns");
    assertThatThrownBy(() -> flags.group(MultiTenancyFlags.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("MultiTenancyFlags");
  }

  @Test
  @DisplayName("a controller's command is named after it and documents each flag once")
  void usage() {
    CommandLine commandLine =
        ControllerCommand.commandLine(new Module("alpha", 2, Set.of("GateA")));
    String usage = commandLine.getUsageMessage();

    assertThat(commandLine.getCommandName()).isEqualTo("alpha");
    assertThat(usage).contains("test alpha", "--metrics-addr", "--enable-leader-election");
    assertThat(usage.lines().filter(line -> line.trim().startsWith("--requeue-dependency")))
        .as("documented once in %s", usage)
        .hasSize(1);
  }
}
