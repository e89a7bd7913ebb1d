package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/**
 * The Git reference an automation clones before making changes; the same shape as a GitRepository's
 * {@code spec.ref}. Precedence: commit, then name, then semver, then tag, then branch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitCheckoutReference extends ExtensibleObject {

  @JsonPropertyDescription(
      "Branch to check out, defaults to 'master' if no other field is defined.")
  private String branch;

  @JsonPropertyDescription("Tag to check out, takes precedence over Branch.")
  private String tag;

  @JsonPropertyDescription("SemVer tag expression to check out, takes precedence over Tag.")
  private String semver;

  @JsonPropertyDescription(
      "Name of the reference to check out; takes precedence over Branch, Tag and SemVer. It must"
          + " be a valid Git reference (https://git-scm.com/docs/git-check-ref-format), e.g."
          + " \"refs/heads/main\", \"refs/tags/v0.1.0\", \"refs/pull/420/head\".")
  private String name;

  @JsonPropertyDescription(
      "Commit SHA to check out, takes precedence over all reference fields. It can be combined"
          + " with Branch to shallow clone the branch, in which the commit is expected to exist.")
  private String commit;

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public String getSemver() {
    return semver;
  }

  public void setSemver(String semver) {
    this.semver = semver;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }
}
