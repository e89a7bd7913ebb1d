package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.process.ControllerCommand;
import io.capstan.runtime.process.ControllerModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The usage help of every command renders without a picocli warning: {@code capstan} and each of
 * its subcommands (with {@code run}, which carries every controller's flags), the start-up command
 * line, and each controller's own process command. picocli formats descriptions with {@code
 * String.format}, so a lone {@code %} is a format error it only reports as a warning on stderr and
 * prints the raw text.
 */
class UsageHelpTest {

  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
  private PrintStream stderr;

  /**
   * picocli's tracer writes to the {@code System.err} of the moment it is asked for (unless its
   * level was set in code), so its warnings land in this buffer.
   */
  @BeforeEach
  void captureStderr() {
    stderr = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    assertThat(CommandLine.tracer().isWarn()).as("picocli warnings enabled").isTrue();
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(stderr);
  }

  static Stream<Arguments> commands() {
    List<Arguments> all = new ArrayList<>();
    addTree(all, Main.commandLine());
    addTree(all, Main.startUpCommandLine());
    for (ControllerModule<?> module : AllControllers.modules()) {
      all.add(Arguments.of("controller " + module.name(), ControllerCommand.commandLine(module)));
    }
    return all.stream();
  }

  private static void addTree(List<Arguments> all, CommandLine commandLine) {
    all.add(Arguments.of(commandLine.getCommandSpec().qualifiedName(), commandLine));
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      addTree(all, sub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  @DisplayName("usage help renders with no picocli warning or format error")
  void usageRendersCleanly(String name, CommandLine commandLine) {
    StringWriter usage = new StringWriter();
    commandLine.usage(new PrintWriter(usage));
    assertThat(usage.toString()).as(name).contains("Usage:");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).as(name).isEmpty();
  }

  @org.junit.jupiter.api.Test
  @DisplayName("the check sees a description with a lone %")
  void seesFormatErrors() {
    @CommandLine.Command(name = "bad")
    class Bad {
      @CommandLine.Option(names = "--x", description = "+/-10% to the interval")
      int x;
    }
    new CommandLine(new Bad()).usage(new PrintWriter(new StringWriter()));
    assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("[picocli WARN]");
  }
}
