package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A container image as selected by an ImagePolicy: repository name, tag and, when digest reflection
 * is on, the digest the tag pointed to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageRef extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name is the bare image's name.")
  private String name;

  @Required
  @JsonPropertyDescription("Tag is the image's tag.")
  private String tag;

  @JsonPropertyDescription("Digest is the image's digest.")
  private String digest;

  public ImageRef() {}

  public ImageRef(String name, String tag, String digest) {
    this.name = name;
    this.tag = tag;
    this.digest = digest;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageRef r
        && Objects.equals(name, r.name)
        && Objects.equals(tag, r.tag)
        && Objects.equals(digest, r.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, tag, digest);
  }

  /** The reference as {@code name:tag}, with {@code @digest} appended when known. */
  @Override
  public String toString() {
    String ref = name + ":" + tag;
    return digest == null || digest.isEmpty() ? ref : ref + "@" + digest;
  }
}
