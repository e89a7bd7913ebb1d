package io.capstan.api.kustomize.v1;

/** Kinds of objects that can supply post-build substitution variables. */
public enum VariablesSourceKind {
  /** A Secret; its data keys are variable names. */
  Secret,
  /** A ConfigMap; its data keys are variable names. */
  ConfigMap
}
