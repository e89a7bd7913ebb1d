package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to one key of a Secret in the referrer's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyReference extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @JsonPropertyDescription(
      "Key in the Secret, when not specified an implementation-specific default key is used.")
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
