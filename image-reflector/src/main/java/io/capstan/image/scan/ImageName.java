package io.capstan.image.scan;

import io.capstan.oci.OciReference;

/**
 * An ImageRepository's {@code spec.image}: a repository without tag or digest (Flux refuses both,
 * and a URL scheme). {@link #canonical()} is Flux's {@code status.canonicalImageName}: Docker Hub
 * images read {@code index.docker.io/library/nginx}, others {@code host[:port]/path}.
 */
public record ImageName(OciReference reference) {

  /**
   * Parses {@code spec.image}.
   *
   * @throws IllegalArgumentException naming what is wrong (no secret can be in it)
   */
  public static ImageName parse(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("spec.image is empty");
    }
    if (image.contains("://")) {
      throw new IllegalArgumentException(
          ".spec.image value should not start with URL scheme; remove '"
              + image.substring(0, image.indexOf("://") + 3)
              + "'");
    }
    OciReference ref = OciReference.parse(image);
    if (ref.tag() != null || ref.digest() != null) {
      throw new IllegalArgumentException(
          ".spec.image value should not contain a tag or digest: '" + image + "'");
    }
    return new ImageName(ref);
  }

  /** Flux's canonical image name. */
  public String canonical() {
    String registry =
        OciReference.DOCKER_HUB.equals(reference.registry())
            ? "index.docker.io"
            : reference.registry();
    return registry + "/" + reference.repository();
  }
}
