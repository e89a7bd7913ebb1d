package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Flux object anywhere in the cluster, by kind, name and namespace. A name of {@code *} targets
 * every object of the kind, narrowed by {@code matchLabels}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrossNamespaceObjectReference extends ExtensibleObject {

  @JsonPropertyDescription("API version of the referent.")
  private String apiVersion;

  @Required
  @JsonPropertyDescription("Kind of the referent.")
  private ResourceKind kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription(
      "Name of the referent. If multiple resources are targeted `*` may be set.")
  private String name;

  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Namespace of the referent.")
  private String namespace;

  @JsonPropertyDescription(
      "MatchLabels is a map of {key,value} pairs; an object is selected when it carries all of"
          + " them (the requirements are ANDed). MatchLabels requires the name to be set to `*`.")
  private Map<String, String> matchLabels;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public ResourceKind getKind() {
    return kind;
  }

  public void setKind(ResourceKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels == null ? null : new LinkedHashMap<>(matchLabels);
  }
}
