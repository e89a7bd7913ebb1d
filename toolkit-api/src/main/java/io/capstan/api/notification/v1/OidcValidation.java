package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A CEL condition an OIDC token's claims must satisfy for a generic-oidc Receiver request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OidcValidation extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Expression is the CEL boolean expression to evaluate.")
  private String expression;

  @Required
  @JsonPropertyDescription(
      "Message is returned to the caller when the expression evaluates to false.")
  private String message;

  public String getExpression() {
    return expression;
  }

  public void setExpression(String expression) {
    this.expression = expression;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
