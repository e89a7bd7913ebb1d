package io.capstan.runtime.inventory;

/**
 * What happens to an owner's objects when the owner itself is deleted (Kustomization {@code
 * spec.deletionPolicy}).
 */
public enum DeletionPolicy {
  /** Delete the objects only if the owner prunes ({@code spec.prune: true}); Flux's default. */
  MIRROR_PRUNE("MirrorPrune"),
  /** Always delete the objects. */
  DELETE("Delete"),
  /**
   * Delete the objects and wait until they are gone (finalizers run) before releasing the owner.
   */
  WAIT_FOR_TERMINATION("WaitForTermination"),
  /** Never delete the objects. */
  ORPHAN("Orphan");

  private final String value;

  DeletionPolicy(String value) {
    this.value = value;
  }

  /** Parses the spec value; null or empty means {@link #MIRROR_PRUNE}. */
  public static DeletionPolicy parse(String value) {
    if (value == null || value.isEmpty()) {
      return MIRROR_PRUNE;
    }
    for (DeletionPolicy p : values()) {
      if (p.value.equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown deletionPolicy: " + value);
  }

  /** Whether the owner's deletion deletes its objects, given the owner's {@code prune} setting. */
  public boolean deletesObjects(boolean prune) {
    return switch (this) {
      case MIRROR_PRUNE -> prune;
      case DELETE, WAIT_FOR_TERMINATION -> true;
      case ORPHAN -> false;
    };
  }

  /** Whether the owner's deletion waits for its objects to be gone. */
  public boolean waitsForTermination() {
    return this == WAIT_FOR_TERMINATION;
  }

  /** The spec spelling, e.g. {@code WaitForTermination}. */
  @Override
  public String toString() {
    return value;
  }
}
