package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where an automation pushes its commits; absent means back to the checked-out branch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PushSpec extends ExtensibleObject {

  @JsonPropertyDescription(
      "Branch specifies that commits should be pushed to the branch named. The branch is created"
          + " from the checked-out branch if it doesn't already exist.")
  private String branch;

  @JsonPropertyDescription(
      "Refspec specifies the Git refspec to use for a push operation. If both Branch and Refspec"
          + " are provided, the commit is pushed to the branch and also using the refspec. See"
          + " https://git-scm.com/book/en/v2/Git-Internals-The-Refspec.")
  private String refspec;

  @JsonPropertyDescription(
      "Options specifies the push options sent to the Git server when pushing (git push"
          + " --push-option).")
  private Map<String, String> options;

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getRefspec() {
    return refspec;
  }

  public void setRefspec(String refspec) {
    this.refspec = refspec;
  }

  public Map<String, String> getOptions() {
    return options;
  }

  public void setOptions(Map<String, String> options) {
    this.options = options == null ? null : new LinkedHashMap<>(options);
  }
}
