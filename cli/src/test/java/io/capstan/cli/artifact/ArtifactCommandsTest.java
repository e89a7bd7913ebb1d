package io.capstan.cli.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.cli.Main;
import io.capstan.oci.ManifestResponse;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciReference;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.OciRegistryExtension;
import io.capstan.testing.oci.PushedArtifact;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code capstan push|pull|tag artifact} and {@code list artifacts} against a real registry. */
class ArtifactCommandsTest {

  @RegisterExtension
  static final OciRegistryExtension REGISTRY =
      OciRegistryExtension.with(b -> b.basicAuth("ci", "push-pw"));

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  private static Run capstan(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path manifests() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("src/deploy"));
    Files.writeString(dir.resolve("app.yaml"), "kind: ConfigMap\n");
    Files.writeString(tmp.resolve("src/logo.png"), "binary");
    Files.createDirectories(tmp.resolve("src/.git"));
    Files.writeString(tmp.resolve("src/.git/HEAD"), "ref");
    return tmp.resolve("src");
  }

  @Test
  @DisplayName(
      "push writes Flux's artifact format (reproducibly), list shows it, tag adds a tag, pull extracts it")
  void pushListTagPull(OciRegistry registry) throws Exception {
    Path src = manifests();
    String url = registry.url("manifests/app") + ":v1";
    String[] push = {
      "push",
      "artifact",
      url,
      "--path=" + src,
      "--source=https://git.example/app.git",
      "--revision=main@sha1:0123456789abcdef0123456789abcdef01234567",
      "--reproducible",
      "-a",
      "team=platform",
      "--creds=ci:push-pw",
      "--insecure-registry"
    };
    Run first = capstan(push);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains(
            "✔ artifact successfully pushed to " + registry.host() + "/manifests/app@sha256:");
    Run again = capstan(push);
    assertThat(again.out()).as("reproducible digest").isEqualTo(first.out());

    OciClient client =
        new OciClient(
            OciClientOptions.builder()
                .insecure(true)
                .credentials(new io.capstan.oci.Credentials("ci", "push-pw"))
                .build());
    ManifestResponse m = client.manifest(OciReference.parse(url));
    assertThat(m.manifest().config().mediaType()).isEqualTo(FluxArtifact.CONFIG_TYPE);
    assertThat(m.manifest().layers())
        .singleElement()
        .extracting(l -> l.mediaType())
        .isEqualTo(FluxArtifact.CONTENT_TYPE);
    assertThat(m.manifest().annotations())
        .containsEntry(FluxArtifact.CREATED, "1970-01-01T00:00:00Z")
        .containsEntry(FluxArtifact.SOURCE, "https://git.example/app.git")
        .containsEntry(FluxArtifact.REVISION, "main@sha1:0123456789abcdef0123456789abcdef01234567")
        .containsEntry("team", "platform");

    Run tag =
        capstan(
            "tag", "artifact", url, "--tag=latest", "--creds=ci:push-pw", "--insecure-registry");
    assertThat(tag.exit()).as(tag.err()).isZero();
    assertThat(tag.out())
        .contains(
            "✔ artifact tagged as "
                + registry.host()
                + "/manifests/app:latest ("
                + m.digest()
                + ")");

    Run list =
        capstan(
            "list",
            "artifacts",
            registry.url("manifests/app"),
            "--creds=ci:push-pw",
            "--insecure-registry");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines()).first().asString().startsWith("ARTIFACT");
    assertThat(list.out())
        .contains(registry.host() + "/manifests/app:v1")
        .contains(registry.host() + "/manifests/app:latest")
        .contains(m.digest())
        .contains("main@sha1:0123456789abcdef0123456789abcdef01234567");

    Path out = tmp.resolve("pulled");
    Run pull =
        capstan(
            "pull",
            "artifact",
            registry.url("manifests/app") + ":latest",
            "--output=" + out,
            "--creds=ci:push-pw",
            "--insecure-registry");
    assertThat(pull.exit()).as(pull.err()).isZero();
    assertThat(pull.out())
        .contains("✔ revision main@sha1:0123456789abcdef0123456789abcdef01234567");
    assertThat(Files.readString(out.resolve("deploy/app.yaml"))).isEqualTo("kind: ConfigMap\n");
    assertThat(out.resolve("logo.png")).as("default --ignore-paths").doesNotExist();
    assertThat(out.resolve(".git")).doesNotExist();
  }

  @Test
  @DisplayName(
      "pull reads an artifact another pusher wrote; wrong credentials fail with a clear error")
  void pullForeignAndUnauthorized(OciRegistry registry) throws Exception {
    PushedArtifact a = registry.pushArtifact("foreign/app", "v2", Map.of("x.yaml", "x"));
    Path out = tmp.resolve("foreign");
    Run pull =
        capstan(
            "pull",
            "artifact",
            registry.url("foreign/app") + "@" + a.digest(),
            "-o",
            out.toString(),
            "--creds=ci:push-pw",
            "--insecure-registry");
    assertThat(pull.exit()).as(pull.err()).isZero();
    assertThat(Files.readString(out.resolve("x.yaml"))).isEqualTo("x");

    Run denied =
        capstan(
            "list",
            "artifacts",
            registry.url("foreign/app"),
            "--creds=ci:wrong-pw",
            "--insecure-registry");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err()).contains("credentials were refused").doesNotContain("wrong-pw");
  }
}
