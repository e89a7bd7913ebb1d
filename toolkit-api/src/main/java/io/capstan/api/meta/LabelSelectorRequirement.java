package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** One term of a {@link LabelSelector}: a label key, an operator and values (metav1 shape). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"properties": {"values": {"x-kubernetes-list-type": "atomic"}}}
        """)
public class LabelSelectorRequirement extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("key is the label key that the selector applies to.")
  private String key;

  @Required
  @JsonPropertyDescription(
      "operator represents a key's relationship to a set of values. Valid operators are In,"
          + " NotIn, Exists and DoesNotExist.")
  private String operator;

  @JsonPropertyDescription(
      "values is an array of string values. If the operator is In or NotIn, the values array"
          + " must be non-empty. If the operator is Exists or DoesNotExist, the values array must"
          + " be empty.")
  private List<String> values;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getOperator() {
    return operator;
  }

  public void setOperator(String operator) {
    this.operator = operator;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values == null ? null : new ArrayList<>(values);
  }
}
