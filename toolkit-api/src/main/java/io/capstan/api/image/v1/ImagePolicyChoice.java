package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/**
 * How an ImagePolicy orders tags to select the latest image. Set exactly one of the three; the CRD
 * does not enforce this.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImagePolicyChoice extends ExtensibleObject {

  @JsonPropertyDescription(
      "SemVer gives a semantic version range to check against the tags available.")
  private SemVerPolicy semver;

  @JsonPropertyDescription(
      "Alphabetical set of rules to use for alphabetical ordering of the tags.")
  private AlphabeticalPolicy alphabetical;

  @JsonPropertyDescription("Numerical set of rules to use for numerical ordering of the tags.")
  private NumericalPolicy numerical;

  public SemVerPolicy getSemver() {
    return semver;
  }

  public void setSemver(SemVerPolicy semver) {
    this.semver = semver;
  }

  public AlphabeticalPolicy getAlphabetical() {
    return alphabetical;
  }

  public void setAlphabetical(AlphabeticalPolicy alphabetical) {
    this.alphabetical = alphabetical;
  }

  public NumericalPolicy getNumerical() {
    return numerical;
  }

  public void setNumerical(NumericalPolicy numerical) {
    this.numerical = numerical;
  }
}
