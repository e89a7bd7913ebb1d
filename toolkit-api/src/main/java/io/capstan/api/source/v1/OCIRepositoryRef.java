package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/**
 * The OCI reference an {@link OCIRepository} pulls. Precedence, highest first: digest, semver, tag;
 * with none set the {@code latest} tag is pulled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OCIRepositoryRef extends ExtensibleObject {

  @JsonPropertyDescription(
      "Digest is the image digest to pull, in the form 'sha256:<hex>'; takes precedence over"
          + " SemVer.")
  private String digest;

  @JsonPropertyDescription(
      "SemVer is a range of tags; the highest version within the range is pulled. Takes"
          + " precedence over Tag.")
  private String semver;

  @JsonPropertyDescription(
      "SemverFilter is a regular expression that tags must match to be considered within the"
          + " SemVer range.")
  private String semverFilter;

  @JsonPropertyDescription("Tag is the image tag to pull, defaults to latest.")
  private String tag;

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getSemver() {
    return semver;
  }

  public void setSemver(String semver) {
    this.semver = semver;
  }

  public String getSemverFilter() {
    return semverFilter;
  }

  public void setSemverFilter(String semverFilter) {
    this.semverFilter = semverFilter;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }
}
