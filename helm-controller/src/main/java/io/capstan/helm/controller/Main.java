package io.capstan.helm.controller;

import io.capstan.runtime.process.ControllerCommand;
import picocli.CommandLine;

/**
 * The helm-controller process: {@link HelmControllerFlags} on toolkit-runtime's {@link
 * ControllerCommand}, which runs a {@link HelmController} with probes, metrics, optional leader
 * election on the Lease {@code helm-controller-leader-election} and a graceful SIGTERM shutdown.
 */
public final class Main {

  private Main() {}

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static HelmControllerOptions parse(String[] args, String runtimeNamespace) {
    return ControllerCommand.parse(new HelmControllerFlags(), args, runtimeNamespace);
  }

  /** The command line, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return ControllerCommand.commandLine(new HelmControllerFlags());
  }

  /** Runs the controller; exits with 2 on bad flags, 1 on a lost Lease, 0 after SIGTERM. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
