package io.capstan.api.notification.v1beta3;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Suspendable;
import io.capstan.api.notification.v1.CrossNamespaceObjectReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule: which objects' events to forward to which Provider, filtered by severity and by
 * message regular expressions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertSpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription("ProviderRef specifies which Provider this Alert should use.")
  private LocalObjectReference providerRef;

  @Default("info")
  @JsonPropertyDescription(
      "EventSeverity specifies how to filter events based on severity. If set to 'info' no"
          + " events will be filtered.")
  private EventSeverity eventSeverity;

  @Required
  @JsonPropertyDescription(
      "EventSources specifies how to filter events based on the involved object kind, name and"
          + " namespace.")
  private List<CrossNamespaceObjectReference> eventSources;

  @JsonPropertyDescription(
      "InclusionList specifies a list of Go regular expressions to be used for including"
          + " messages.")
  private List<String> inclusionList;

  @JsonPropertyDescription(
      "ExclusionList specifies a list of Go regular expressions to be used for excluding"
          + " messages.")
  private List<String> exclusionList;

  @JsonPropertyDescription(
      "EventMetadata is an optional set of metadata added to the events dispatched for this"
          + " Alert, to give them more context. A key already present on the original event is"
          + " not overridden (the original value is kept and an info log is written).")
  private Map<String, String> eventMetadata;

  @Size(max = 255)
  @JsonPropertyDescription(
      "Summary holds a short description of the impact and affected cluster. Deprecated: use"
          + " EventMetadata instead.")
  private String summary;

  @JsonPropertyDescription(
      "Suspend tells the controller to suspend subsequent events handling for this Alert.")
  private Boolean suspend;

  public LocalObjectReference getProviderRef() {
    return providerRef;
  }

  public void setProviderRef(LocalObjectReference providerRef) {
    this.providerRef = providerRef;
  }

  public EventSeverity getEventSeverity() {
    return eventSeverity;
  }

  public void setEventSeverity(EventSeverity eventSeverity) {
    this.eventSeverity = eventSeverity;
  }

  public List<CrossNamespaceObjectReference> getEventSources() {
    return eventSources;
  }

  public void setEventSources(List<CrossNamespaceObjectReference> eventSources) {
    this.eventSources = eventSources == null ? null : new ArrayList<>(eventSources);
  }

  public List<String> getInclusionList() {
    return inclusionList;
  }

  public void setInclusionList(List<String> inclusionList) {
    this.inclusionList = inclusionList == null ? null : new ArrayList<>(inclusionList);
  }

  public List<String> getExclusionList() {
    return exclusionList;
  }

  public void setExclusionList(List<String> exclusionList) {
    this.exclusionList = exclusionList == null ? null : new ArrayList<>(exclusionList);
  }

  public Map<String, String> getEventMetadata() {
    return eventMetadata;
  }

  public void setEventMetadata(Map<String, String> eventMetadata) {
    this.eventMetadata = eventMetadata == null ? null : new LinkedHashMap<>(eventMetadata);
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
