package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The output of a source reconciliation: a tarball served over HTTP, identified by revision and
 * digest. Consumers (kustomize-controller, helm-controller) read it from the source's {@code
 * status.artifact}; it is the only channel between controllers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Formats fabric8 cannot derive from the Java types (build time only).
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        properties:
          lastUpdateTime: {format: date-time}
          size: {format: int64}
        """)
@JsonPropertyOrder({"digest", "lastUpdateTime", "metadata", "path", "revision", "size", "url"})
public class Artifact extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Path is the relative file path of the Artifact.")
  private String path;

  @Required
  @JsonPropertyDescription(
      "URL is the HTTP address of the Artifact as exposed by the controller managing the Source.")
  private String url;

  @Required
  @JsonPropertyDescription(
      "Revision is a human-readable identifier traceable in the origin source system, e.g."
          + " 'main@sha1:<hex>' or a Helm chart version.")
  private String revision;

  @Required
  @Pattern("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
  @JsonPropertyDescription(
      "Digest is the digest of the file in the form of '<algorithm>:<checksum>'.")
  private String digest;

  @Required
  @JsonPropertyDescription(
      "LastUpdateTime is the timestamp corresponding to the last update of the Artifact"
          + " (RFC 3339 date-time).")
  private String lastUpdateTime;

  @JsonPropertyDescription("Size is the number of bytes in the file.")
  private Long size;

  @JsonPropertyDescription("Metadata holds upstream information such as OCI annotations.")
  private Map<String, String> metadata;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getLastUpdateTime() {
    return lastUpdateTime;
  }

  public void setLastUpdateTime(String lastUpdateTime) {
    this.lastUpdateTime = lastUpdateTime;
  }

  public Long getSize() {
    return size;
  }

  public void setSize(Long size) {
    this.size = size;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
  }

  /** True when both artifacts have the same revision and digest (the rest is bookkeeping). */
  public boolean hasSameContent(Artifact other) {
    return other != null
        && Objects.equals(revision, other.revision)
        && Objects.equals(digest, other.digest);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Artifact a)) {
      return false;
    }
    return Objects.equals(path, a.path)
        && Objects.equals(url, a.url)
        && Objects.equals(revision, a.revision)
        && Objects.equals(digest, a.digest)
        && Objects.equals(lastUpdateTime, a.lastUpdateTime)
        && Objects.equals(size, a.size)
        && Objects.equals(metadata, a.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, url, revision, digest, lastUpdateTime, size, metadata);
  }
}
