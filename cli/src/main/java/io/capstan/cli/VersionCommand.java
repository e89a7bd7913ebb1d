package io.capstan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code capstan version}: prints {@link CapstanVersion#lines()} on stdout. */
@Command(name = "version", description = "Print the versions of Capstan and what it runs.")
final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CapstanVersion.lines().forEach(out::println);
    out.flush();
    return 0;
  }
}
