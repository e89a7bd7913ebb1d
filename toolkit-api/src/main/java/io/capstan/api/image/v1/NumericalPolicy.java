package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;

/** Selects a tag by numerical order (tags are compared as numbers). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NumericalPolicy extends ExtensibleObject {

  @Default("asc")
  @JsonPropertyDescription(
      "Order specifies the sorting order of the tags. With the integers 0 to 9 as tags,"
          + " ascending order would select 9 and descending order would select 0.")
  private SortOrder order;

  public SortOrder getOrder() {
    return order;
  }

  public void setOrder(SortOrder order) {
    this.order = order;
  }
}
