package io.capstan.testing.oci;

/**
 * One request the registry served, from its own log: the method, the request URI (path and query)
 * and the response status.
 */
public record RegistryRequest(String method, String uri, int status) {

  /** Whether this request downloaded a blob ({@code GET .../blobs/sha256:...}). */
  public boolean isBlobDownload() {
    return method.equals("GET") && uri.contains("/blobs/sha256:");
  }

  /** Whether this request downloaded a manifest ({@code GET .../manifests/...}). */
  public boolean isManifestDownload() {
    return method.equals("GET") && uri.contains("/manifests/");
  }
}
