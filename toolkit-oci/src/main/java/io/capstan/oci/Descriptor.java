package io.capstan.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest says about a config, layer or child manifest.
 *
 * @param mediaType the content's media type
 * @param digest {@code sha256:<hex>}
 * @param size size in bytes
 * @param annotations optional annotations
 * @param artifactType optional artifact type (index entries)
 * @param platform optional platform of an image index entry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
    String mediaType,
    String digest,
    long size,
    Map<String, String> annotations,
    String artifactType,
    Platform platform) {

  /** A descriptor without platform (layers, configs, manifests pushed by this client). */
  public Descriptor(
      String mediaType,
      String digest,
      long size,
      Map<String, String> annotations,
      String artifactType) {
    this(mediaType, digest, size, annotations, artifactType, null);
  }

  /** A descriptor without annotations. */
  public static Descriptor of(String mediaType, String digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null);
  }
}
