package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/** Restricts the tags an ImagePolicy considers, and optionally rewrites them before ordering. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagFilter extends ExtensibleObject {

  @JsonPropertyDescription(
      "Pattern specifies a regular expression pattern used to filter for image tags.")
  private String pattern;

  @JsonPropertyDescription(
      "Extract allows a capture group to be extracted from the specified regular expression"
          + " pattern, useful before tag evaluation.")
  private String extract;

  public String getPattern() {
    return pattern;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  public String getExtract() {
    return extract;
  }

  public void setExtract(String extract) {
    this.extract = extract;
  }
}
