package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * The Kubernetes objects a reconciler has applied, so it can prune the ones that disappear from the
 * source.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceInventory extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Entries are references to the applied Kubernetes objects.")
  private List<ResourceRef> entries;

  public List<ResourceRef> getEntries() {
    return entries;
  }

  public void setEntries(List<ResourceRef> entries) {
    this.entries = entries;
  }
}
