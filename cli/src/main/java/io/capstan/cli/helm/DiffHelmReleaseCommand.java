package io.capstan.cli.helm;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code capstan diff helmrelease NAME}: renders the HelmRelease as {@code build helmrelease} does
 * and reports, per object, what a server-side apply would change in the cluster ({@code ►
 * Kind/ns/name created|drifted|deleted}, a line diff for drifted objects, Secret values masked).
 * Exit codes as {@code flux diff}: 0 no change, 1 changes, 2 error.
 */
@Command(
    name = "helmrelease",
    aliases = "hr",
    description =
        "Diff what helm-controller would apply for a HelmRelease against the cluster (server-side"
            + " dry-run). Exit 0: no change, 1: changes, 2: error.")
public final class DiffHelmReleaseCommand implements Callable<Integer> {

  /** Exit code when the render or the dry-run fails. */
  public static final int ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HelmReleaseFlags flags;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String diff = HelmReleaseOutput.diff(flags);
      out.print(diff);
      out.flush();
      return diff.isEmpty() ? 0 : 1;
    } catch (HelmReleaseSource.RenderException | ServerSideDiff.DiffException e) {
      err.println("Error: " + e.getMessage().replace('\n', ' '));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("Error: interrupted");
    } catch (RuntimeException e) {
      err.println("Error: " + e);
    }
    err.flush();
    return ERROR;
  }
}
