package io.capstan.api.helm.v2;

/** Kinds of objects that can supply Helm values. */
public enum ValuesSourceKind {
  /** A Secret. */
  Secret,
  /** A ConfigMap. */
  ConfigMap
}
