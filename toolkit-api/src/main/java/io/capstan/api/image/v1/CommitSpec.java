package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an automation writes its commits: author, message and optional signature. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommitSpec extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Author gives the email and optionally the name to use as the author of commits.")
  private CommitUser author;

  @JsonPropertyDescription(
      "SigningKey provides the option to sign commits with an OpenPGP or SSH signing key,"
          + " referenced from a Secret.")
  private SigningKey signingKey;

  @JsonPropertyDescription(
      "MessageTemplate provides a template for the commit message, into which the details of the"
          + " change made are interpolated. The `Updated` template field has been removed; use"
          + " `Changed` instead.")
  private String messageTemplate;

  @JsonPropertyDescription(
      "MessageTemplateValues provides additional values to be available to the template"
          + " rendering.")
  private Map<String, String> messageTemplateValues;

  public CommitUser getAuthor() {
    return author;
  }

  public void setAuthor(CommitUser author) {
    this.author = author;
  }

  public SigningKey getSigningKey() {
    return signingKey;
  }

  public void setSigningKey(SigningKey signingKey) {
    this.signingKey = signingKey;
  }

  public String getMessageTemplate() {
    return messageTemplate;
  }

  public void setMessageTemplate(String messageTemplate) {
    this.messageTemplate = messageTemplate;
  }

  public Map<String, String> getMessageTemplateValues() {
    return messageTemplateValues;
  }

  public void setMessageTemplateValues(Map<String, String> messageTemplateValues) {
    this.messageTemplateValues =
        messageTemplateValues == null ? null : new LinkedHashMap<>(messageTemplateValues);
  }
}
