package io.capstan.oci;

/**
 * A manifest as the registry served it: the exact bytes (whose digest was verified), the media
 * type, the digest and the parsed form.
 */
public record ManifestResponse(byte[] bytes, String mediaType, String digest, Manifest manifest) {}
