package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.common.Image;
import io.capstan.api.common.Patch;
import io.capstan.api.meta.ExtensibleObject;
import java.util.List;

/** A kustomize post-renderer: patches and image overrides applied to the rendered chart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KustomizePostRenderer extends ExtensibleObject {

  @JsonPropertyDescription(
      "Patches are inline strategic merge or JSON6902 patches, each optionally targeted "
          + "at objects by kind, name, labels or annotations.")
  private List<Patch> patches;

  @JsonPropertyDescription(
      "Images override image names, tags or digests; a shorthand for the equivalent patches.")
  private List<Image> images;

  public List<Patch> getPatches() {
    return patches;
  }

  public void setPatches(List<Patch> patches) {
    this.patches = patches;
  }

  public List<Image> getImages() {
    return images;
  }

  public void setImages(List<Image> images) {
    this.images = images;
  }
}
