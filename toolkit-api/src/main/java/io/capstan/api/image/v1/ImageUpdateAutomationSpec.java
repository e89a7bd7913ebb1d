package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LabelSelector;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * What an ImageUpdateAutomation does: which Git source to change, which ImagePolicies to apply, how
 * often, and how to commit and push the result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageUpdateAutomationSpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription(
      "SourceRef refers to the resource giving access details to a Git repository.")
  private SourceReference sourceRef;

  @JsonPropertyDescription(
      "GitSpec contains all the Git-specific definitions. This is technically optional, but in"
          + " practice mandatory until other kinds of source are allowed.")
  private GitSpec git;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval gives a lower bound for how often the automation run should be attempted.")
  private String interval;

  @JsonPropertyDescription(
      "PolicySelector filters the ImagePolicies applied by their labels. By default all"
          + " policies in the namespace are included.")
  private LabelSelector policySelector;

  @Default("{\"strategy\":\"Setters\"}")
  @JsonPropertyDescription(
      "Update gives the specification for how to update the files in the repository. It can be"
          + " left empty to use the default value.")
  private UpdateStrategy update;

  @JsonPropertyDescription(
      "Suspend tells the controller to not run this automation until it is unset (or set to"
          + " false). Defaults to false.")
  private Boolean suspend;

  public SourceReference getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(SourceReference sourceRef) {
    this.sourceRef = sourceRef;
  }

  public GitSpec getGit() {
    return git;
  }

  public void setGit(GitSpec git) {
    this.git = git;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public LabelSelector getPolicySelector() {
    return policySelector;
  }

  public void setPolicySelector(LabelSelector policySelector) {
    this.policySelector = policySelector;
  }

  public UpdateStrategy getUpdate() {
    return update;
  }

  public void setUpdate(UpdateStrategy update) {
    this.update = update;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
