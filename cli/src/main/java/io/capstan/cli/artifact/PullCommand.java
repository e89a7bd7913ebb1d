package io.capstan.cli.artifact;

import io.capstan.oci.Descriptor;
import io.capstan.oci.ManifestResponse;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciReference;
import io.capstan.runtime.artifact.ArchiveExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan pull}: downloads OCI artifacts. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = "Pull artifacts.",
    subcommands = PullCommand.Artifact.class)
public final class PullCommand {

  /** {@code capstan pull artifact oci://host/repo:tag --output=DIR}. */
  @Command(
      name = "artifact",
      mixinStandardHelpOptions = true,
      description = "Download a Flux artifact and extract its content into a directory.")
  public static final class Artifact implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "oci://<host>/<repository>[:<tag>|@<digest>]")
    String url;

    @Option(
        names = {"-o", "--output"},
        required = true,
        description = "directory to extract the artifact content into")
    Path output;

    @Option(
        names = "--max-size",
        defaultValue = "104857600",
        description = "largest layer accepted, compressed and extracted (bytes)")
    long maxSize;

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
      out.println("► pulling artifact from " + ref);
      ManifestResponse m = client.manifest(ref);
      List<Descriptor> layers = m.manifest().layersOrEmpty();
      Descriptor layer =
          layers.stream()
              .filter(l -> FluxArtifact.CONTENT_TYPE.equals(l.mediaType()))
              .findFirst()
              .orElseGet(
                  () -> {
                    if (layers.isEmpty()) {
                      throw new IllegalArgumentException("no layers found in artifact " + ref);
                    }
                    return layers.get(0);
                  });
      Files.createDirectories(output);
      Path blob =
          Files.createTempFile(output.toAbsolutePath().getParent(), ".capstan-pull-", ".tgz");
      try {
        client.fetchBlob(ref, layer, maxSize, blob);
        new ArchiveExtractor(maxSize, ArchiveExtractor.DEFAULT_MAX_ENTRIES).extract(blob, output);
      } finally {
        Files.deleteIfExists(blob);
      }
      Map<String, String> annotations = m.manifest().annotations();
      if (annotations != null && annotations.containsKey(FluxArtifact.SOURCE)) {
        out.println("✔ source " + annotations.get(FluxArtifact.SOURCE));
      }
      if (annotations != null && annotations.containsKey(FluxArtifact.REVISION)) {
        out.println("✔ revision " + annotations.get(FluxArtifact.REVISION));
      }
      out.println("✔ digest " + m.digest());
      out.println("✔ artifact content extracted to " + output);
      out.flush();
      return 0;
    }
  }
}
