package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * An OIDC issuer trusted by a generic-oidc Receiver, with the claim checks a token from it must
 * pass. A valid signature alone authorizes nothing: the validations must pin the caller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OidcProvider extends ExtensibleObject {

  @Required
  @Pattern("^https?://")
  @JsonProperty("issuerURL")
  @JsonPropertyDescription(
      "IssuerURL is the OIDC issuer URL used for provider discovery. It must match the 'iss'"
          + " claim of tokens issued by this provider.")
  private String issuerURL;

  @JsonPropertyDescription(
      "Audience is the expected audience ('aud' claim) for tokens issued by this provider."
          + " Defaults to 'notification-controller'.")
  private String audience;

  @JsonPropertyDescription(
      "Variables is an optional list of named CEL expressions, evaluated in order and exposed as"
          + " 'vars.<name>'. Each can read the token claims via 'claims' and any variable defined"
          + " before it.")
  private List<OidcVariable> variables;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "Validations is the list of CEL boolean expressions evaluated against the token claims and"
          + " the variables; the request is accepted only if all evaluate to true, otherwise the"
          + " message of each failing one is returned. At least one is required, and they must"
          + " constrain the caller's identity claims (e.g. 'repository_owner' for GitHub Actions),"
          + " because public issuers issue tokens to any caller on their platform.")
  private List<OidcValidation> validations;

  @JsonProperty("issuerURL")
  public String getIssuerURL() {
    return issuerURL;
  }

  @JsonProperty("issuerURL")
  public void setIssuerURL(String issuerURL) {
    this.issuerURL = issuerURL;
  }

  public String getAudience() {
    return audience;
  }

  public void setAudience(String audience) {
    this.audience = audience;
  }

  public List<OidcVariable> getVariables() {
    return variables;
  }

  public void setVariables(List<OidcVariable> variables) {
    this.variables = variables == null ? null : new ArrayList<>(variables);
  }

  public List<OidcValidation> getValidations() {
    return validations;
  }

  public void setValidations(List<OidcValidation> validations) {
    this.validations = validations == null ? null : new ArrayList<>(validations);
  }
}
