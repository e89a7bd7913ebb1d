package io.capstan.cli.artifact;

import io.capstan.oci.OciException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every artifact command shares: the registry flags ({@link RegistryOptions}), the command's
 * output, and turning a typed registry error into the command's error line. Subclasses declare
 * their own parameters and implement {@link #execute()}.
 */
abstract class RegistryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RegistryOptions registry;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } catch (OciException e) {
      // Typed registry errors carry no secrets; show them as the command's error line.
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Runs the command; its exit code. */
  abstract Integer execute() throws Exception;

  /** The command's standard output. */
  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
