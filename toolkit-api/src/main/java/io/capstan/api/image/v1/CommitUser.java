package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** The identity recorded as the author of automation commits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommitUser extends ExtensibleObject {

  @JsonPropertyDescription("Name gives the name to provide when making a commit.")
  private String name;

  @Required
  @JsonPropertyDescription("Email gives the email to provide when making a commit.")
  private String email;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }
}
