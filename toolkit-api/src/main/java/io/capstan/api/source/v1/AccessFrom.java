package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * Access control list for cross-namespace references to an object. Flux declares it but does not
 * enforce it (provisional API); it is kept so existing manifests stay valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessFrom extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "NamespaceSelectors lists the namespaces this ACL grants access to; a namespace matching"
          + " any of them is granted (logical OR).")
  private List<NamespaceSelector> namespaceSelectors;

  public List<NamespaceSelector> getNamespaceSelectors() {
    return namespaceSelectors;
  }

  public void setNamespaceSelectors(List<NamespaceSelector> namespaceSelectors) {
    this.namespaceSelectors =
        namespaceSelectors == null ? null : new ArrayList<>(namespaceSelectors);
  }
}
