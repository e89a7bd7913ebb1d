package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A named CEL expression over OIDC token claims, shared by a provider's validations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OidcVariable extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name is the variable name; it must be a valid CEL identifier.")
  private String name;

  @Required
  @JsonPropertyDescription("Expression is the CEL expression that defines the variable value.")
  private String expression;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getExpression() {
    return expression;
  }

  public void setExpression(String expression) {
    this.expression = expression;
  }
}
