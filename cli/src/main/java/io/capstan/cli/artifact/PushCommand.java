package io.capstan.cli.artifact;

import io.capstan.oci.OciClient;
import io.capstan.oci.OciReference;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan push}: publishes OCI artifacts. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = "Push artifacts.",
    subcommands = PushCommand.Artifact.class)
public final class PushCommand {

  /** {@code capstan push artifact oci://host/repo:tag --path=DIR --source=URL --revision=REV}. */
  @Command(
      name = "artifact",
      mixinStandardHelpOptions = true,
      description =
          "Create a tarball from a directory or a single file and upload it to an OCI repository"
              + " as a Flux artifact.")
  public static final class Artifact implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "oci://<host>/<repository>:<tag>")
    String url;

    @Option(names = "--path", required = true, description = "path to the directory or file")
    Path path;

    @Option(names = "--source", description = "the source address, e.g. the Git URL")
    String source;

    @Option(names = "--revision", description = "the source revision, e.g. main@sha1:<commit>")
    String revision;

    @Option(
        names = {"-a", "--annotations"},
        split = ",",
        description = "custom OCI annotations in the format '<key>=<value>'")
    List<String> annotations = new ArrayList<>();

    @Option(
        names = "--ignore-paths",
        split = ",",
        description = "paths to ignore in .gitignore format")
    List<String> ignorePaths = new ArrayList<>(FluxArtifact.DEFAULT_IGNORE);

    @Option(
        names = "--reproducible",
        description =
            "use a fixed 'created' annotation so that the same content gives the same digest")
    boolean reproducible;

    @Option(
        names = {"-o", "--output"},
        description = "'json' prints the pushed digest URL as JSON")
    String output;

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
      if (ref.digest() != null) {
        throw new IllegalArgumentException("push needs a tag, not a digest: " + url);
      }
      if (ref.tag() == null) {
        ref = ref.withTag("latest");
      }
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put(
          FluxArtifact.CREATED,
          reproducible
              ? "1970-01-01T00:00:00Z"
              : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      if (source != null) {
        meta.put(FluxArtifact.SOURCE, source);
      }
      if (revision != null) {
        meta.put(FluxArtifact.REVISION, revision);
      }
      for (String a : annotations) {
        int eq = a.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "invalid annotation '" + a + "', must be <key>=<value>");
        }
        meta.put(a.substring(0, eq), a.substring(eq + 1));
      }
      OciClient client = registry.client();
      byte[] layer = FluxArtifact.layer(path, ignorePaths);
      var out = spec.commandLine().getOut();
      if (!"json".equals(output)) {
        out.println("► pushing artifact to " + ref);
      }
      String digest = FluxArtifact.push(client, ref, layer, meta);
      String digestUrl = ref.registry() + "/" + ref.repository() + "@" + digest;
      if ("json".equals(output)) {
        out.println(
            "{\"repository\":\""
                + ref.registry()
                + "/"
                + ref.repository()
                + "\",\"digest\":\""
                + digest
                + "\",\"tag\":\""
                + ref.tag()
                + "\",\"url\":\"oci://"
                + digestUrl
                + "\"}");
      } else {
        out.println("✔ artifact successfully pushed to " + digestUrl);
      }
      out.flush();
      return 0;
    }
  }
}
