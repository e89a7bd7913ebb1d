package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/** One Helm post-renderer; the renderers of a HelmRelease run in order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostRenderer extends ExtensibleObject {

  @JsonPropertyDescription(
      "Kustomize post-renders the manifests with kustomize patches and image overrides.")
  private KustomizePostRenderer kustomize;

  public KustomizePostRenderer getKustomize() {
    return kustomize;
  }

  public void setKustomize(KustomizePostRenderer kustomize) {
    this.kustomize = kustomize;
  }
}
