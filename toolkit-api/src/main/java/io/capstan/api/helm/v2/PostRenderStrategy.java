package io.capstan.api.helm.v2;

/** How Helm hooks are passed to post-renderers. */
public enum PostRenderStrategy {
  /** Hooks are not post-rendered (Helm 3 behaviour). */
  nohooks,
  /** Hooks and templates are post-rendered together (Helm 4 default). */
  combined,
  /** Hooks and templates are post-rendered as separate streams. */
  separate
}
