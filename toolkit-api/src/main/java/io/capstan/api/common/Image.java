package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/**
 * An image override: replaces the name, tag or digest of an image wherever the built manifests use
 * it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Image extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name is the image name to match, without tag or digest.")
  private String name;

  @JsonPropertyDescription("NewName replaces the original image name.")
  private String newName;

  @JsonPropertyDescription("NewTag replaces the original tag.")
  private String newTag;

  @JsonPropertyDescription("Digest replaces the original tag; when set, NewTag is ignored.")
  private String digest;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewTag() {
    return newTag;
  }

  public void setNewTag(String newTag) {
    this.newTag = newTag;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }
}
