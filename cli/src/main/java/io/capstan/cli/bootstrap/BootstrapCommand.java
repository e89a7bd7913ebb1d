package io.capstan.cli.bootstrap;

import picocli.CommandLine.Command;

/** {@code capstan bootstrap}: the parent of {@code capstan bootstrap git}, as in Flux's CLI. */
@Command(
    name = "bootstrap",
    description = "Deploy Capstan on a cluster the GitOps way (flux bootstrap).",
    subcommands = {BootstrapGitCommand.class})
public final class BootstrapCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: capstan bootstrap git");
  }
}
