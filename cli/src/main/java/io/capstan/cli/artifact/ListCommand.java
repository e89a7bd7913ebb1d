package io.capstan.cli.artifact;

import io.capstan.oci.ManifestResponse;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciReference;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan list}: lists OCI artifacts. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List artifacts.",
    subcommands = ListCommand.Artifacts.class)
public final class ListCommand {

  /** {@code capstan list artifacts oci://host/repo}. */
  @Command(
      name = "artifacts",
      mixinStandardHelpOptions = true,
      description =
          "List the tags of an OCI repository with their digest, source and revision"
              + " (cosign signature tags are left out).")
  public static final class Artifacts implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "oci://<host>/<repository>")
    String url;

    @Option(names = "--filter-regex", description = "only tags matching this regular expression")
    String filter;

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
      OciReference repo = OciReference.parse(url);
      OciClient client = registry.client();
      Pattern pattern = filter == null ? null : Pattern.compile(filter);
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ARTIFACT", "DIGEST", "SOURCE", "REVISION"});
      for (String tag : client.listTags(repo)) {
        if (tag.startsWith("sha256-") && tag.endsWith(".sig")) {
          continue;
        }
        if (pattern != null && !pattern.matcher(tag).find()) {
          continue;
        }
        ManifestResponse m = client.manifest(repo.withTag(tag));
        Map<String, String> a =
            m.manifest().annotations() == null ? Map.of() : m.manifest().annotations();
        rows.add(
            new String[] {
              repo.withTag(tag).toString(),
              m.digest(),
              a.getOrDefault(FluxArtifact.SOURCE, ""),
              a.getOrDefault(FluxArtifact.REVISION, "")
            });
      }
      print(spec.commandLine().getOut(), rows);
      return 0;
    }

    private static void print(PrintWriter out, List<String[]> rows) {
      int[] widths = new int[4];
      for (String[] r : rows) {
        for (int i = 0; i < 4; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 4; i++) {
          line.append(i == 3 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
        }
        out.println(line.toString().stripTrailing());
      }
      out.flush();
    }
  }
}
