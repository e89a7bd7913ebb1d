package io.capstan.notification;

import io.capstan.runtime.process.ControllerCommand;
import picocli.CommandLine;

/**
 * The notification-controller process: {@link NotificationControllerFlags} on toolkit-runtime's
 * {@link ControllerCommand}, which runs a {@link NotificationController} with probes, metrics,
 * optional leader election on the Lease {@code notification-controller-leader-election} and a
 * graceful SIGTERM shutdown. {@code --events-addr} is the address the event intake listens on
 * (default {@code :9090}), as in Flux.
 */
public final class Main {

  private Main() {}

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static NotificationControllerOptions parse(String[] args, String runtimeNamespace) {
    return ControllerCommand.parse(new NotificationControllerFlags(), args, runtimeNamespace);
  }

  /** The command line, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return ControllerCommand.commandLine(new NotificationControllerFlags());
  }

  /** Runs the controller; exits with 2 on bad flags, 1 on a lost Lease, 0 after SIGTERM. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
