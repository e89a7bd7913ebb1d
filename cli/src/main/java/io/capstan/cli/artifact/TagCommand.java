package io.capstan.cli.artifact;

import io.capstan.oci.OciClient;
import io.capstan.oci.OciReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan tag}: tags OCI artifacts. */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description = "Tag artifacts.",
    subcommands = TagCommand.Artifact.class)
public final class TagCommand {

  /** {@code capstan tag artifact oci://host/repo:v1 --tag latest}. */
  @Command(
      name = "artifact",
      mixinStandardHelpOptions = true,
      description = "Create tags for the given OCI artifact.")
  public static final class Artifact implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "oci://<host>/<repository>:<tag>|@<digest>")
    String url;

    @Option(names = "--tag", required = true, split = ",", description = "tag name")
    List<String> tags = new ArrayList<>();

    @Mixin RegistryOptions registry;

    @Override
    public Integer call() throws Exception {
      try {
        return execute();
      } catch (io.capstan.oci.OciException e) {
        // Typed registry errors carry no secrets; show them as the command's error line.
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    private Integer execute() throws Exception {
      OciReference ref = OciReference.parse(url);
      OciClient client = registry.client();
      var out = spec.commandLine().getOut();
      for (String tag : tags) {
        String digest = client.tag(ref, tag);
        out.println("✔ artifact tagged as " + ref.withTag(tag) + " (" + digest + ")");
      }
      out.flush();
      return 0;
    }
  }
}
