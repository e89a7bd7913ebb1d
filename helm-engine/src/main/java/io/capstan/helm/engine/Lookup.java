package io.capstan.helm.engine;

import java.util.Map;

/**
 * Answers the template function {@code lookup apiVersion kind namespace name}. Offline (as in
 * {@code helm template}) it returns an empty map; helm-controller plugs in a cluster-backed one.
 */
@FunctionalInterface
public interface Lookup {
  /** The object (or a {@code List} object when name is empty), or an empty map if none. */
  Map<String, Object> lookup(String apiVersion, String kind, String namespace, String name)
      throws Exception;

  /** The offline lookup: always an empty map. */
  static Lookup offline() {
    return (a, k, n, name) -> new java.util.LinkedHashMap<>();
  }
}
