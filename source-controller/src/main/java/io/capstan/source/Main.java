package io.capstan.source;

import io.capstan.runtime.process.ControllerCommand;
import picocli.CommandLine;

/**
 * The source-controller process: {@link SourceControllerFlags} on toolkit-runtime's {@link
 * ControllerCommand}, which runs a {@link SourceController} with probes, metrics, optional leader
 * election on the Lease {@code source-controller-leader-election} and a graceful SIGTERM shutdown.
 * As in Flux, the artifact server runs only on the elected leader (it starts with the controller).
 */
public final class Main {

  private Main() {}

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static SourceControllerOptions parse(String[] args, String runtimeNamespace) {
    return ControllerCommand.parse(new SourceControllerFlags(), args, runtimeNamespace);
  }

  /** The command line, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return ControllerCommand.commandLine(new SourceControllerFlags());
  }

  /** Runs the controller; exits with 2 on bad flags, 1 on a lost Lease, 0 after SIGTERM. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
