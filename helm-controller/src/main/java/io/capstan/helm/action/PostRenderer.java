package io.capstan.helm.action;

/**
 * Helm's post-renderer contract: takes the rendered manifests (multi-document YAML; hooks are
 * excluded unless {@link #rendersHooks()}) and returns the manifests to apply.
 */
@FunctionalInterface
public interface PostRenderer {
  String render(String manifest) throws ActionException;

  /**
   * Whether hooks are post-rendered too (Helm 4's {@code combined}/{@code separate} post-render
   * strategies; Flux's {@code spec.postRenderStrategy}): each hook's manifest is then passed
   * through {@link #render} on its own. False by default (Helm 3's {@code nohooks}).
   */
  default boolean rendersHooks() {
    return false;
  }
}
