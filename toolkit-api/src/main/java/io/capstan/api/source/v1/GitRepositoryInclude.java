package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * Another GitRepository in the same namespace whose artifact (or a sub-directory of it) is copied
 * into this GitRepository's artifact. Equality covers the declared fields, so a controller can
 * compare {@code spec.include} with {@code status.observedInclude}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRepositoryInclude extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Repository is the GitRepository (same namespace) whose Artifact contents are included.")
  private LocalObjectReference repository;

  @JsonPropertyDescription(
      "FromPath is the path to copy contents from, defaults to the root of the Artifact.")
  private String fromPath;

  @JsonPropertyDescription(
      "ToPath is the path to copy contents to, defaults to the name of the included"
          + " GitRepository.")
  private String toPath;

  public LocalObjectReference getRepository() {
    return repository;
  }

  public void setRepository(LocalObjectReference repository) {
    this.repository = repository;
  }

  public String getFromPath() {
    return fromPath;
  }

  public void setFromPath(String fromPath) {
    this.fromPath = fromPath;
  }

  public String getToPath() {
    return toPath;
  }

  public void setToPath(String toPath) {
    this.toPath = toPath;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GitRepositoryInclude i
        && Objects.equals(repository, i.repository)
        && Objects.equals(fromPath, i.fromPath)
        && Objects.equals(toPath, i.toPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, fromPath, toPath);
  }
}
