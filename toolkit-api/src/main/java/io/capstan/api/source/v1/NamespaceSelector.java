package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Selects namespaces by labels; empty {@code matchLabels} select every namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespaceSelector extends ExtensibleObject {

  @JsonPropertyDescription(
      "MatchLabels is a map of {key,value} pairs a namespace's labels must all contain.")
  private Map<String, String> matchLabels;

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels == null ? null : new LinkedHashMap<>(matchLabels);
  }
}
