package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/**
 * Selects Kubernetes objects by group, version, kind, name, namespace, labels or annotations; unset
 * fields match everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Selector extends ExtensibleObject {

  @JsonPropertyDescription("Group is the API group of the objects to select.")
  private String group;

  @JsonPropertyDescription("Version is the API version of the objects to select.")
  private String version;

  @JsonPropertyDescription("Kind of the objects to select.")
  private String kind;

  @JsonPropertyDescription("Name to match objects with.")
  private String name;

  @JsonPropertyDescription("Namespace to select objects from.")
  private String namespace;

  @JsonPropertyDescription(
      "AnnotationSelector is a label selector expression "
          + "(https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api) "
          + "matched against the objects' annotations.")
  private String annotationSelector;

  @JsonPropertyDescription(
      "LabelSelector is a label selector expression "
          + "(https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api) "
          + "matched against the objects' labels.")
  private String labelSelector;

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
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

  public String getAnnotationSelector() {
    return annotationSelector;
  }

  public void setAnnotationSelector(String annotationSelector) {
    this.annotationSelector = annotationSelector;
  }

  public String getLabelSelector() {
    return labelSelector;
  }

  public void setLabelSelector(String labelSelector) {
    this.labelSelector = labelSelector;
  }
}
