package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/**
 * The Git reference a {@link GitRepository} checks out, also used by an image.v1
 * ImageUpdateAutomation's {@code spec.git.checkout.ref} (as in Flux). Precedence, highest first:
 * commit, name, semver, tag, branch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRepositoryRef extends ExtensibleObject {

  @JsonPropertyDescription(
      "Branch to check out, defaults to 'master' if no other field is defined.")
  private String branch;

  @JsonPropertyDescription("Tag to check out, takes precedence over Branch.")
  private String tag;

  @JsonPropertyDescription("SemVer tag expression to check out, takes precedence over Tag.")
  private String semver;

  @JsonPropertyDescription(
      "Name of the reference to check out; takes precedence over Branch, Tag and SemVer. It must"
          + " be a valid Git reference (see git-check-ref-format), e.g. 'refs/heads/main',"
          + " 'refs/tags/v0.1.0' or 'refs/pull/420/head'.")
  private String name;

  @JsonPropertyDescription(
      "Commit SHA to check out, takes precedence over all other reference fields. Combined with"
          + " Branch, the branch is shallow-cloned and must contain the commit.")
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
