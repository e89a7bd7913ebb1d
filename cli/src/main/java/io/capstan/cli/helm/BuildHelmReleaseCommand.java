package io.capstan.cli.helm;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code capstan build helmrelease NAME}: prints what helm-controller would apply for the
 * HelmRelease — the post-rendered manifest's objects, then the hooks — with Secret values masked
 * unless {@code --show-secrets}. Exit 0, or 1 with one {@code Error: ...} line.
 */
@Command(
    name = "helmrelease",
    aliases = "hr",
    description =
        "Print the objects helm-controller would apply for a HelmRelease (chart rendered with its"
            + " values and post-renderers).")
public final class BuildHelmReleaseCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HelmReleaseFlags flags;

  @Option(names = "--show-secrets", description = "Print Secret values instead of ***.")
  boolean showSecrets;

  @Option(names = "--no-hooks", description = "Leave the chart's hooks out.")
  boolean noHooks;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      String out = HelmReleaseOutput.build(flags, showSecrets, noHooks);
      spec.commandLine().getOut().print(out);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (HelmReleaseSource.RenderException e) {
      err.println("Error: " + e.getMessage().replace('\n', ' '));
      err.flush();
      return 1;
    }
  }
}
