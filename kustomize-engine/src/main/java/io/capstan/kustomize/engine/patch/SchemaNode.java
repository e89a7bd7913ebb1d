package io.capstan.kustomize.engine.patch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an OpenAPI schema strategic merge needs: the schemas of object fields and list items,
 * and for lists the patch strategy and merge keys.
 */
public final class SchemaNode {
  final Map<String, SchemaNode> properties = new HashMap<>();
  SchemaNode items;
  SchemaNode additional;
  String strategy = "";
  List<String> keys = List.of();

  /** The schema of a map field, or null when unknown. */
  public SchemaNode field(String name) {
    SchemaNode s = properties.get(name);
    return s != null ? s : additional;
  }

  /** The schema of list elements, or null when unknown. */
  public SchemaNode elements() {
    return items;
  }

  /** True when the list is merged element by element rather than replaced. */
  public boolean associative() {
    return !strategy.isEmpty() && strategy.contains("merge") || !keys.isEmpty();
  }

  /** Merge keys of an associative list (empty for primitive lists such as finalizers). */
  public List<String> keys() {
    return keys;
  }

  SchemaNode list(String strategy, List<String> keys, SchemaNode items) {
    SchemaNode s = new SchemaNode();
    s.strategy = strategy;
    s.keys = keys;
    s.items = items;
    return s;
  }
}
