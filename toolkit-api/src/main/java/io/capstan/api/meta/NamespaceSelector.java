package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Selects namespaces by their labels for an {@link AccessFrom} ACL. An empty {@code matchLabels}
 * selects every namespace of the cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespaceSelector extends ExtensibleObject {

  @JsonPropertyDescription(
      "MatchLabels is a map of {key,value} pairs; a namespace is selected when it carries all of"
          + " them (the requirements are ANDed). An empty map selects all namespaces.")
  private Map<String, String> matchLabels;

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels == null ? null : new LinkedHashMap<>(matchLabels);
  }
}
