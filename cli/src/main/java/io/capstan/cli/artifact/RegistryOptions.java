package io.capstan.cli.artifact;

import io.capstan.oci.Credentials;
import io.capstan.oci.DockerConfig;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The registry flags every artifact command shares, as {@code flux}: {@code --creds}, {@code
 * --provider}, {@code --insecure-registry}, {@code --timeout}. Without {@code --creds} the Docker
 * config ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}) is used.
 */
public final class RegistryOptions {

  @Option(
      names = "--creds",
      description = "credentials for OCI registry in the format <username>[:<password>]")
  String creds;

  @Option(
      names = "--provider",
      defaultValue = "generic",
      description = "the OCI provider name: generic (aws, azure, gcp are not supported yet)")
  String provider;

  @Option(
      names = "--insecure-registry",
      description = "allows artifacts to be pushed and pulled over plain HTTP")
  boolean insecure;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description = "timeout of one registry request, in seconds (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** A client for these flags. */
  OciClient client() {
    if (!"generic".equals(provider)) {
      throw new IllegalArgumentException(
          "provider '" + provider + "' is not supported yet; use --provider=generic with --creds");
    }
    OciClientOptions.Builder b =
        OciClientOptions.builder()
            .insecure(insecure)
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .userAgent("capstan-cli");
    if (creds != null && !creds.isBlank()) {
      int colon = creds.indexOf(':');
      b.credentials(
          colon < 0
              ? new Credentials(creds, "")
              : new Credentials(creds.substring(0, colon), creds.substring(colon + 1)));
    } else {
      dockerConfig().ifPresent(b::credentials);
    }
    return new OciClient(b.build());
  }

  private static java.util.Optional<DockerConfig> dockerConfig() {
    String dir = System.getenv("DOCKER_CONFIG");
    Path file =
        dir != null && !dir.isBlank()
            ? Path.of(dir, "config.json")
            : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(DockerConfig.parse(Files.readAllBytes(file)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
