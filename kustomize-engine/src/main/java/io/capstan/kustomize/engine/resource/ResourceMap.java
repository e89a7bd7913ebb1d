package io.capstan.kustomize.engine.resource;

import io.capstan.kustomize.engine.KustomizeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** An ordered list of resources whose current ids are unique. */
public final class ResourceMap {
  private final List<Resource> list = new ArrayList<>();

  /** The resources in order (live list; callers must not add duplicates). */
  public List<Resource> resources() {
    return list;
  }

  /** Number of resources. */
  public int size() {
    return list.size();
  }

  /** Appends all resources of {@code other}, failing on any duplicate id. */
  public void appendAll(ResourceMap other) {
    Set<String> keys = new HashSet<>();
    for (Resource e : list) {
      keys.add(e.curId().key());
    }
    for (Resource r : other.list) {
      ResId id = r.curId();
      if (!keys.add(id.key())) {
        throw new KustomizeException("may not add resource with an already registered id: " + id);
      }
      list.add(r);
    }
  }

  /** Resources whose current or any previous id matches. */
  public List<Resource> byAnyId(ResId id) {
    return filter(r -> r.allIds().stream().anyMatch(i -> i.matches(id)));
  }

  /** The single resource with a matching current or previous id. */
  public Resource getById(ResId id) {
    List<Resource> m = byAnyId(id);
    if (m.size() == 1) {
      return m.get(0);
    }
    if (m.isEmpty()) {
      throw new KustomizeException("no matches for Id " + id);
    }
    throw new KustomizeException("multiple matches for Id " + id + ": " + m);
  }

  /** Resources accepted by {@code p}, in order. */
  public List<Resource> filter(Predicate<Resource> p) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : list) {
      if (p.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Resources matched by a patch/replacement target selector. */
  public List<Resource> select(Selector s) {
    return filter(s::matches);
  }

  /** Replaces {@code old} (same position) with {@code replacement}. */
  public void replace(Resource old, Resource replacement) {
    int i = indexOf(old);
    if (i < 0) {
      throw new KustomizeException("cannot replace unknown resource " + old);
    }
    list.set(i, replacement);
  }

  /** Removes a resource (by identity). */
  public void remove(Resource r) {
    int i = indexOf(r);
    if (i >= 0) {
      list.remove(i);
    }
  }

  private int indexOf(Resource r) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == r) {
        return i;
      }
    }
    return -1;
  }

  /** Keeps only the resources accepted by {@code keep}. */
  public void retain(Predicate<Resource> keep) {
    list.removeIf(keep.negate());
  }
}
