package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A ConfigMap or Secret supplying Helm values, and where they are merged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValuesReference extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Kind of the referent, 'Secret' or 'ConfigMap'.")
  private ValuesSourceKind kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the referent, in the same namespace as the HelmRelease.")
  private String name;

  @Size(max = 253)
  @Pattern("^[\\-._a-zA-Z0-9]+$")
  @JsonPropertyDescription(
      "ValuesKey is the data key holding the values (a values.yaml document, or a single "
          + "value with TargetPath). Defaults to 'values.yaml'.")
  private String valuesKey;

  @Size(max = 250)
  @Pattern("^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$")
  @JsonPropertyDescription(
      "TargetPath is the YAML dot-notation path the value is merged at; the value under "
          + "ValuesKey must then be a single flat value. Defaults to merging at the root.")
  private String targetPath;

  @JsonPropertyDescription(
      "Optional ignores a referent that does not exist; a missing ValuesKey, an invalid "
          + "TargetPath or a transient error still fails the reconciliation.")
  private Boolean optional;

  @JsonPropertyDescription(
      "Literal merges the value at TargetPath verbatim, without interpreting Helm's "
          + "--set syntax (commas, brackets, dots, equal signs), like helm --set-literal. "
          + "Without TargetPath it has no effect: values are always YAML-merged at the root.")
  private Boolean literal;

  public ValuesSourceKind getKind() {
    return kind;
  }

  public void setKind(ValuesSourceKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValuesKey() {
    return valuesKey;
  }

  public void setValuesKey(String valuesKey) {
    this.valuesKey = valuesKey;
  }

  public String getTargetPath() {
    return targetPath;
  }

  public void setTargetPath(String targetPath) {
    this.targetPath = targetPath;
  }

  public Boolean getOptional() {
    return optional;
  }

  public void setOptional(Boolean optional) {
    this.optional = optional;
  }

  public Boolean getLiteral() {
    return literal;
  }

  public void setLiteral(Boolean literal) {
    this.literal = literal;
  }
}
