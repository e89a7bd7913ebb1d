package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** The Git side of an automation: what to check out, how to commit, where to push. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSpec extends ExtensibleObject {

  @JsonPropertyDescription(
      "Checkout gives the parameters for cloning the Git repository, ready to make changes. If"
          + " not present, the `spec.ref` field of the referenced GitRepository or its default is"
          + " used.")
  private GitCheckoutSpec checkout;

  @Required
  @JsonPropertyDescription("Commit specifies how to commit to the Git repository.")
  private CommitSpec commit;

  @JsonPropertyDescription(
      "Push specifies how and where to push commits made by the automation. If missing, commits"
          + " are pushed (back) to the checked-out branch or its default.")
  private PushSpec push;

  public GitCheckoutSpec getCheckout() {
    return checkout;
  }

  public void setCheckout(GitCheckoutSpec checkout) {
    this.checkout = checkout;
  }

  public CommitSpec getCommit() {
    return commit;
  }

  public void setCommit(CommitSpec commit) {
    this.commit = commit;
  }

  public PushSpec getPush() {
    return push;
  }

  public void setPush(PushSpec push) {
    this.push = push;
  }
}
