package io.capstan.testing.oci;

/**
 * What {@link OciRegistry#push} stored.
 *
 * @param repository repository name
 * @param tag the tag, or null when pushed by digest only
 * @param digest the manifest digest {@code sha256:<hex>}
 * @param layerDigest the layer's digest
 * @param layerSize the layer's size in bytes
 */
public record PushedArtifact(
    String repository, String tag, String digest, String layerDigest, long layerSize) {}
