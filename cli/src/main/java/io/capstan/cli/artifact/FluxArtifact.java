package io.capstan.cli.artifact;

import io.capstan.oci.Descriptor;
import io.capstan.oci.Manifest;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import io.capstan.oci.OciReference;
import io.capstan.source.git.SourceIgnore;
import io.capstan.source.storage.DeterministicTarball;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Flux's OCI artifact format, as {@code flux push artifact} writes it: an OCI image manifest whose
 * config has media type {@code application/vnd.cncf.flux.config.v1+json} and whose one layer is a
 * tar.gz of the pushed path ({@code application/vnd.cncf.flux.content.v1.tar+gzip}); the manifest
 * annotations carry {@code org.opencontainers.image.created}, {@code .source} and {@code
 * .revision}. The tarball is deterministic (sorted entries, zero mtimes and owners), so the same
 * files give the same layer digest.
 */
public final class FluxArtifact {

  public static final String CONFIG_TYPE = "application/vnd.cncf.flux.config.v1+json";
  public static final String CONTENT_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";
  public static final String CREATED = "org.opencontainers.image.created";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String REVISION = "org.opencontainers.image.revision";

  /** {@code flux push artifact}'s default {@code --ignore-paths}. */
  public static final List<String> DEFAULT_IGNORE =
      List.of(
          ".git/",
          ".gitignore",
          ".gitmodules",
          ".gitattributes",
          "*.jpg",
          "*.jpeg",
          "*.gif",
          "*.png",
          "*.wmv",
          "*.flv",
          "*.tar.gz",
          "*.zip");

  private FluxArtifact() {}

  /** The deterministic tar.gz of a directory, or of a single file placed at the root. */
  public static byte[] layer(Path path, List<String> ignorePaths) throws IOException {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("invalid path '" + path + "': no such file or directory");
    }
    SourceIgnore ignore = SourceIgnore.of(String.join("\n", ignorePaths));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      DeterministicTarball.write(path, ignore::isIgnored, out);
    } else {
      Path staging = Files.createTempDirectory("capstan-push-");
      try {
        Files.copy(
            path,
            staging.resolve(path.getFileName().toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
        DeterministicTarball.write(staging, ignore::isIgnored, out);
      } finally {
        try (Stream<Path> walk = Files.walk(staging)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return out.toByteArray();
  }

  /** Pushes the layer and manifest under {@code ref}'s tag; returns the manifest digest. */
  public static String push(
      OciClient client, OciReference ref, byte[] layer, Map<String, String> annotations)
      throws OciException {
    Descriptor config = client.pushBlob(ref, CONFIG_TYPE, "{}".getBytes(StandardCharsets.UTF_8));
    Descriptor content = client.pushBlob(ref, CONTENT_TYPE, layer);
    Manifest manifest =
        new Manifest(
            2,
            Manifest.OCI_MANIFEST,
            null,
            config,
            List.of(content),
            null,
            null,
            new LinkedHashMap<>(annotations));
    return client.pushManifest(ref, manifest);
  }
}
