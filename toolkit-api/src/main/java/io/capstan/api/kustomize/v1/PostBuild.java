package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import java.util.List;
import java.util.Map;

/** Actions applied to the manifests produced by kustomize build, before they are applied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostBuild extends ExtensibleObject {

  @JsonPropertyDescription(
      "Substitute maps variable names to values: every ${name} in the manifests whose "
          + "name is a key is replaced with the value. Bash-style forms such as "
          + "${var:=default}, ${var:position} and ${var/substring/replacement} are supported.")
  private Map<String, String> substitute;

  @JsonPropertyDescription(
      "SubstituteFrom lists ConfigMaps and Secrets whose data keys are variable names "
          + "and whose data values are the substitutions.")
  private List<SubstituteReference> substituteFrom;

  @JsonPropertyDescription(
      "SubstituteStrategy decides when substitution runs: 'WithVariables' (the default) "
          + "requires at least one variable to be defined inline or through the references, "
          + "'Always' substitutes even when none is defined.")
  private SubstituteStrategy substituteStrategy;

  public Map<String, String> getSubstitute() {
    return substitute;
  }

  public void setSubstitute(Map<String, String> substitute) {
    this.substitute = substitute;
  }

  public List<SubstituteReference> getSubstituteFrom() {
    return substituteFrom;
  }

  public void setSubstituteFrom(List<SubstituteReference> substituteFrom) {
    this.substituteFrom = substituteFrom;
  }

  public SubstituteStrategy getSubstituteStrategy() {
    return substituteStrategy;
  }

  public void setSubstituteStrategy(SubstituteStrategy substituteStrategy) {
    this.substituteStrategy = substituteStrategy;
  }
}
