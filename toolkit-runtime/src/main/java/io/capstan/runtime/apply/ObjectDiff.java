package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ObjectRef;
import java.util.List;

/**
 * How one desired object compares with the cluster (Flux's {@code jsondiff.Diff}): missing, changed
 * (with the number of JSON-patch operations that would make the live object equal to the dry-run
 * result), unchanged, or excluded from the comparison.
 *
 * @param ref the object
 * @param type the outcome
 * @param desired the object as it would be applied
 * @param live the object in the cluster, null when missing or not read
 * @param added fields the dry-run adds to the live object
 * @param changed fields whose value differs
 * @param removed fields the dry-run removes
 * @param paths JSON pointers of every differing field (never their values)
 */
public record ObjectDiff(
    ObjectRef ref,
    Type type,
    ObjectNode desired,
    JsonNode live,
    int added,
    int changed,
    int removed,
    List<String> paths) {

  /** Copies the paths. */
  public ObjectDiff {
    paths = List.copyOf(paths);
  }

  /** Flux's {@code DiffType}. */
  public enum Type {
    /** Equal to the dry-run result. */
    NONE,
    /** Missing in the cluster: applying would create it. */
    CREATE,
    /** Applying would change it. */
    UPDATE,
    /** Left out of the comparison (exclusion label/annotation on the desired or live object). */
    EXCLUDE
  }

  /** True when applying would create or change the object. */
  public boolean hasChanges() {
    return type == Type.CREATE || type == Type.UPDATE;
  }
}
