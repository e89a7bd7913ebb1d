package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.source.v1.GitRepositoryRef;
import io.fabric8.generator.annotation.Required;

/** Where an automation checks out the repository before making changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitCheckoutSpec extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Reference gives a branch, tag or commit to clone from the Git repository.")
  private GitRepositoryRef ref;

  public GitRepositoryRef getRef() {
    return ref;
  }

  public void setRef(GitRepositoryRef ref) {
    this.ref = ref;
  }
}
