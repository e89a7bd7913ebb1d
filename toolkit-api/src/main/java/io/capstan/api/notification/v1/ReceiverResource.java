package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An object a Receiver asks to reconcile, with an optional per-object CEL filter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReceiverResource extends CrossNamespaceObjectReference {

  @JsonPropertyDescription(
      "Filter is a CEL expression returning a boolean, evaluated for each object matched by this"
          + " reference when a webhook is received, in addition to the top-level resourceFilter;"
          + " a reconciliation is requested only when both (when set) return true. The expression"
          + " can read the object metadata via 'res' and the request body via 'req'; for"
          + " generic-oidc receivers the verified token claims are available via 'claims'. An"
          + " invalid or non-boolean expression marks the Receiver as terminally failed.")
  private String filter;

  public String getFilter() {
    return filter;
  }

  public void setFilter(String filter) {
    this.filter = filter;
  }
}
