package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.NamespacedObjectReference;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Which ImageRepository an ImagePolicy selects from, and how it picks the latest image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.interval) || (has(self.digestReflectionPolicy)"
            + " && self.digestReflectionPolicy == 'Always')",
    message = "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'")
@ValidationRule(
    value =
        "has(self.interval) || !has(self.digestReflectionPolicy)"
            + " || self.digestReflectionPolicy != 'Always'",
    message = "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'")
public class ImagePolicySpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription(
      "ImageRepositoryRef points at the ImageRepository whose scanned tags this policy selects"
          + " from. It may be in another namespace if that repository's accessFrom allows it.")
  private NamespacedObjectReference imageRepositoryRef;

  @Required
  @JsonPropertyDescription(
      "Policy gives the particulars of the policy to be followed in selecting the most recent"
          + " image.")
  private ImagePolicyChoice policy;

  @JsonPropertyDescription(
      "FilterTags restricts the tags considered to those matching a pattern, optionally"
          + " extracting part of each tag before ordering. Without it, all the tags of the"
          + " repository are ordered and compared.")
  private TagFilter filterTags;

  @Default("Never")
  @JsonPropertyDescription(
      "DigestReflectionPolicy governs the setting of the `.status.latestRef.digest` field. Never:"
          + " the field is always empty. IfNotPresent: the field is set to the digest of the"
          + " selected image if it is empty and the image did not change. Always: the field is"
          + " always set to the digest of the selected image, refreshed every interval. Defaults"
          + " to Never.")
  private DigestReflectionPolicy digestReflectionPolicy;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval is the length of time to wait between refreshing the digest of the latest tag"
          + " when the reflection policy is set to 'Always'. Defaults to 10m.")
  private String interval;

  @JsonPropertyDescription(
      "This flag tells the controller to suspend subsequent policy reconciliations. It does not"
          + " apply to already started reconciliations. Defaults to false.")
  private Boolean suspend;

  public NamespacedObjectReference getImageRepositoryRef() {
    return imageRepositoryRef;
  }

  public void setImageRepositoryRef(NamespacedObjectReference imageRepositoryRef) {
    this.imageRepositoryRef = imageRepositoryRef;
  }

  public ImagePolicyChoice getPolicy() {
    return policy;
  }

  public void setPolicy(ImagePolicyChoice policy) {
    this.policy = policy;
  }

  public TagFilter getFilterTags() {
    return filterTags;
  }

  public void setFilterTags(TagFilter filterTags) {
    this.filterTags = filterTags;
  }

  public DigestReflectionPolicy getDigestReflectionPolicy() {
    return digestReflectionPolicy;
  }

  public void setDigestReflectionPolicy(DigestReflectionPolicy digestReflectionPolicy) {
    this.digestReflectionPolicy = digestReflectionPolicy;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
