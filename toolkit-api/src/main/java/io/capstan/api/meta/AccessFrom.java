package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * An ACL that lets objects in other namespaces refer to this one, chosen by the labels of the
 * referring object's namespace (Flux's {@code acl.AccessFrom}; a HelmRepository or an
 * ImageRepository carries it). Flux declares but does not enforce it for HelmRepository.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessFrom extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "NamespaceSelectors is the list of namespace selectors to which this ACL applies. A"
          + " namespace is allowed when any of the selectors matches it (logical OR).")
  private List<NamespaceSelector> namespaceSelectors;

  public List<NamespaceSelector> getNamespaceSelectors() {
    return namespaceSelectors;
  }

  public void setNamespaceSelectors(List<NamespaceSelector> namespaceSelectors) {
    this.namespaceSelectors =
        namespaceSelectors == null ? null : new ArrayList<>(namespaceSelectors);
  }
}
