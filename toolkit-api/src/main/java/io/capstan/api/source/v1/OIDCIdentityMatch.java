package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/**
 * Identity a keyless (Fulcio) signing certificate must carry: both regular expressions must match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OIDCIdentityMatch extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Issuer is a regular expression (Go syntax) matched against the OIDC issuer of the Fulcio"
          + " certificate.")
  private String issuer;

  @Required
  @JsonPropertyDescription(
      "Subject is a regular expression (Go syntax) matched against the identity subject of the"
          + " Fulcio certificate.")
  private String subject;

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }
}
