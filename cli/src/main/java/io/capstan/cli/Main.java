package io.capstan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code capstan} command: {@code run} (every controller in one JVM), {@code run --local} (the
 * local demo), {@code install}, {@code build kustomization DIR}, {@code build|diff helmrelease} and
 * {@code version}.
 */
@Command(
    name = "capstan",
    mixinStandardHelpOptions = true,
    versionProvider = CapstanVersion.class,
    description = "Capstan: the Flux GitOps Toolkit on the JVM.",
    subcommands = {
      BuildCommand.class,
      DiffCommand.class,
      VersionCommand.class,
      io.capstan.cli.install.InstallCommand.class,
      io.capstan.cli.bootstrap.BootstrapCommand.class,
      io.capstan.cli.artifact.PushCommand.class,
      io.capstan.cli.artifact.PullCommand.class,
      io.capstan.cli.artifact.TagCommand.class,
      io.capstan.cli.artifact.ListCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand the command prints its usage and fails. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /** The command line for {@code capstan}, ready to {@code execute} or {@code parseArgs}. */
  public static CommandLine commandLine() {
    CommandLine capstan = new CommandLine(new Main());
    // run takes the flags of every controller, added to its command line at runtime
    capstan.addSubcommand("run", RunCommand.commandLine());
    return withErrorHandler(capstan);
  }

  /**
   * The command line of {@code capstan build ...} and {@code capstan version} alone: picocli builds
   * the model of every registered command up front, so this one loads none of the classes of {@code
   * run} (every controller's flags), {@code install}, {@code bootstrap} or the artifact commands
   * (start-up, issue #19). Same parsing, output and exit codes for those two commands.
   */
  static CommandLine startUpCommandLine() {
    return withErrorHandler(new CommandLine(new StartUp()));
  }

  /** Whether {@code args} run a command {@link #startUpCommandLine()} has. */
  static boolean startUpCommand(String[] args) {
    return args.length > 0 && (args[0].equals("build") || args[0].equals("version"));
  }

  /** The root of {@link #startUpCommandLine()}. */
  @Command(
      name = "capstan",
      mixinStandardHelpOptions = true,
      versionProvider = CapstanVersion.class,
      description = "Capstan: the Flux GitOps Toolkit on the JVM.",
      subcommands = {BuildCommand.class, VersionCommand.class})
  static final class StartUp implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }
  }

  private static CommandLine withErrorHandler(CommandLine capstan) {
    return capstan.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean explained =
              e instanceof IllegalArgumentException || e instanceof IllegalStateException;
          commandLine.getErr().println("Error: " + (explained ? e.getMessage() : e.toString()));
          commandLine.getErr().flush();
          return 1;
        });
  }

  /** Runs the command and exits with its status (0 ok, 1 failure, 2 usage error). */
  public static void main(String[] args) {
    int quick = QuickBuild.run(args);
    if (quick >= 0) {
      System.exit(quick);
    }
    System.exit((startUpCommand(args) ? startUpCommandLine() : commandLine()).execute(args));
  }
}
