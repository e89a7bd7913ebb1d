package io.capstan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code capstan diff ...}: what a controller would change in the cluster, as {@code flux diff}.
 */
@Command(
    name = "diff",
    description = "Diff locally rendered objects against the cluster (server-side dry-run).",
    subcommands = io.capstan.cli.helm.DiffHelmReleaseCommand.class)
final class DiffCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing what to diff (helmrelease)");
  }
}
