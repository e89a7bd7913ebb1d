package io.capstan.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An OCI image manifest, OCI image index or Docker v2 schema 2 manifest (list), as one record: an
 * image manifest has {@code config} and {@code layers}, an index has {@code manifests}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    int schemaVersion,
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Descriptor subject,
    Map<String, String> annotations) {

  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Docker v2 schema 2 manifest. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker v2 manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** Every manifest media type this client accepts, for the {@code Accept} header. */
  public static final List<String> ACCEPTED =
      List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  /** Whether this is an index / manifest list rather than an image manifest. */
  public boolean isIndex() {
    return OCI_INDEX.equals(mediaType)
        || DOCKER_MANIFEST_LIST.equals(mediaType)
        || (manifests != null && layers == null);
  }

  /** The layers, never null. */
  public List<Descriptor> layersOrEmpty() {
    return layers == null ? List.of() : layers;
  }
}
