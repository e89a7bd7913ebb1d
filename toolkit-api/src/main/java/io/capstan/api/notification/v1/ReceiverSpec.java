package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Suspendable;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook endpoint: which sender it accepts, how requests are authenticated (a token Secret, or
 * OIDC for {@code generic-oidc}) and which objects a valid request asks to reconcile.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)",
    message = "generic-oidc receivers must define at least one oidcProvider")
@ValidationRule(
    value =
        "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0",
    message = "oidcProviders can only be set when type is generic-oidc")
@ValidationRule(
    value = "self.type != 'generic-oidc' || !has(self.secretRef)",
    message = "secretRef cannot be set when type is generic-oidc")
@ValidationRule(
    value = "self.type == 'generic-oidc' || has(self.secretRef)",
    message = "secretRef is required when type is not generic-oidc")
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"properties": {"oidcProviders": {
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["issuerURL"]
        }}}
        """)
public class ReceiverSpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription(
      "Type of webhook sender, used to determine the validation procedure and payload"
          + " deserialization.")
  private ReceiverType type;

  @Default("10m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which to reconcile the Receiver with its Secret references.")
  private String interval;

  @JsonPropertyDescription(
      "Events specifies the list of event types to handle, e.g. 'push' for GitHub or 'Push Hook'"
          + " for GitLab.")
  private List<String> events;

  @Required
  @JsonPropertyDescription("A list of resources to be notified about changes.")
  private List<ReceiverResource> resources;

  @JsonPropertyDescription(
      "ResourceFilter is a CEL expression returning a boolean, evaluated for each resource"
          + " referenced in Resources when a webhook is received; when it returns false no"
          + " reconciliation is requested for that resource. It can read the resource metadata"
          + " via 'res' and the request body via 'req'; for generic-oidc receivers the verified"
          + " token claims are available via 'claims'. An invalid or non-boolean expression marks"
          + " the Receiver as terminally failed.")
  private String resourceFilter;

  @JsonPropertyDescription(
      "SecretRef specifies the Secret containing the token used to validate the payload"
          + " authenticity; it must contain a 'token' key. For gcr receivers it must also contain"
          + " 'email' (the IAM service account email of the Pub/Sub push subscription) and"
          + " 'audience' (the expected OIDC token audience). Required for every type except"
          + " 'generic-oidc', which must not set it.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "OIDCProviders specifies the OIDC providers used to authenticate requests when Type is"
          + " 'generic-oidc'. The provider whose issuerURL matches the token's 'iss' claim"
          + " verifies the token signature, expiry and audience and evaluates its CEL validations"
          + " against the token claims.")
  private List<OidcProvider> oidcProviders;

  @JsonPropertyDescription(
      "Suspend tells the controller to suspend subsequent events handling for this receiver.")
  private Boolean suspend;

  public ReceiverType getType() {
    return type;
  }

  public void setType(ReceiverType type) {
    this.type = type;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public List<String> getEvents() {
    return events;
  }

  public void setEvents(List<String> events) {
    this.events = events == null ? null : new ArrayList<>(events);
  }

  public List<ReceiverResource> getResources() {
    return resources;
  }

  public void setResources(List<ReceiverResource> resources) {
    this.resources = resources == null ? null : new ArrayList<>(resources);
  }

  public String getResourceFilter() {
    return resourceFilter;
  }

  public void setResourceFilter(String resourceFilter) {
    this.resourceFilter = resourceFilter;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public List<OidcProvider> getOidcProviders() {
    return oidcProviders;
  }

  public void setOidcProviders(List<OidcProvider> oidcProviders) {
    this.oidcProviders = oidcProviders == null ? null : new ArrayList<>(oidcProviders);
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
