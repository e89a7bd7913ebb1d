package io.capstan.helm.action;

/**
 * Helm's post-renderer contract: takes the rendered manifests (multi-document YAML, hooks excluded,
 * as Helm passes them) and returns the manifests to apply.
 */
@FunctionalInterface
public interface PostRenderer {
  String render(String manifest) throws ActionException;
}
