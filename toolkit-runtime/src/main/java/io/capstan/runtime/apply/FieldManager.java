package io.capstan.runtime.apply;

import java.util.Objects;

/**
 * A field manager whose fields the engine takes over before applying (Flux's {@code
 * ssa.FieldManager}): entries of {@code metadata.managedFields} whose manager name starts with
 * {@code namePrefix} and whose operation is {@code operation} are merged into the engine's own
 * Apply entry, so fields removed from the desired state are then removed from the object.
 *
 * @param namePrefix e.g. {@code kubectl} (also matches {@code kubectl-client-side-apply})
 * @param operation {@code Apply} or {@code Update}
 */
public record FieldManager(String namePrefix, String operation) {

  /** Rejects missing fields. */
  public FieldManager {
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(operation, "operation");
  }

  /** Whether a managedFields entry belongs to this manager. */
  public boolean matches(String manager, String entryOperation) {
    return manager != null && manager.startsWith(namePrefix) && operation.equals(entryOperation);
  }
}
