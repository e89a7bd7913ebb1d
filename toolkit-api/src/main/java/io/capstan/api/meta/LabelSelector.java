package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector ({@code metav1.LabelSelector}): all of {@code matchLabels} and all of
 * {@code matchExpressions} must hold; an empty selector matches everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"x-kubernetes-map-type": "atomic",
         "properties": {"matchExpressions": {"x-kubernetes-list-type": "atomic"}}}
        """)
public class LabelSelector extends ExtensibleObject {

  @JsonPropertyDescription(
      "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is"
          + " equivalent to an element of matchExpressions, whose key field is \"key\", the"
          + " operator is \"In\", and the values array contains only \"value\". The requirements"
          + " are ANDed.")
  private Map<String, String> matchLabels;

  @JsonPropertyDescription(
      "matchExpressions is a list of label selector requirements. The requirements are ANDed.")
  private List<LabelSelectorRequirement> matchExpressions;

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels == null ? null : new LinkedHashMap<>(matchLabels);
  }

  public List<LabelSelectorRequirement> getMatchExpressions() {
    return matchExpressions;
  }

  public void setMatchExpressions(List<LabelSelectorRequirement> matchExpressions) {
    this.matchExpressions = matchExpressions == null ? null : new ArrayList<>(matchExpressions);
  }
}
