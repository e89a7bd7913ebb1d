package io.capstan.cli;

import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code capstan build ...}: local builds with the engines the controllers use. */
@Command(
    name = "build",
    description = "Build locally what a controller would build.",
    subcommands = {
      BuildCommand.KustomizationCommand.class,
      io.capstan.cli.helm.BuildHelmReleaseCommand.class
    })
final class BuildCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing what to build (kustomization, helmrelease)");
  }

  /**
   * {@code capstan build kustomization DIR}: prints exactly what kustomize-controller's engine
   * builds from {@code DIR} (the output of {@code kubectl kustomize DIR}); on a build error prints
   * one line {@code Error: ...} on stderr and exits 1.
   */
  @Command(
      name = "kustomization",
      description =
          "Print the objects the kustomize engine builds from DIR (like kubectl kustomize).")
  static final class KustomizationCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = ".", description = "Directory.")
    Path directory;

    @Option(
        names = "--load-restrictor",
        defaultValue = "LoadRestrictionsRootOnly",
        description = "LoadRestrictionsRootOnly (default) or LoadRestrictionsNone.")
    LoadRestrictor loadRestrictor;

    /** kustomize's load restrictors. */
    enum LoadRestrictor {
      LoadRestrictionsRootOnly,
      LoadRestrictionsNone
    }

    @Override
    public Integer call() {
      return build(
          directory,
          loadRestrictor == LoadRestrictor.LoadRestrictionsRootOnly,
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }

    /** The build itself, shared with {@link QuickBuild}: 0 printed, 1 build error printed. */
    static int build(Path directory, boolean rootOnly, PrintWriter out, PrintWriter err) {
      try {
        var objects = Kustomizer.create(new Kustomizer.Options(rootOnly)).build(directory);
        out.print(Kustomizer.render(objects));
        out.flush();
        return 0;
      } catch (KustomizeException e) {
        err.println("Error: " + e.getMessage().replace('\n', ' '));
        err.flush();
        return 1;
      }
    }
  }
}
