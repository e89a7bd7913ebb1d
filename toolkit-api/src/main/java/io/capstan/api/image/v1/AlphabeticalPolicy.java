package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;

/** Selects a tag by alphabetical order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlphabeticalPolicy extends ExtensibleObject {

  @Default("asc")
  @JsonPropertyDescription(
      "Order specifies the sorting order of the tags. With the letters of the alphabet as tags,"
          + " ascending order would select Z and descending order would select A.")
  private SortOrder order;

  public SortOrder getOrder() {
    return order;
  }

  public void setOrder(SortOrder order) {
    this.order = order;
  }
}
