package io.capstan.runtime.apply;

/** What applying (or pruning) did to one object, in Flux's change-set vocabulary. */
public enum Action {
  /** The object did not exist and was created (or was deleted and recreated with force). */
  CREATED("created"),
  /** The object existed and its desired state differed from the live one. */
  CONFIGURED("configured"),
  /** The object existed and the apply would not change it. */
  UNCHANGED("unchanged"),
  /** The object was left alone on purpose (ssa/prune annotations, another owner). */
  SKIPPED("skipped"),
  /** The object was deleted (prune). */
  DELETED("deleted");

  private final String verb;

  Action(String verb) {
    this.verb = verb;
  }

  /** Flux's lower-case verb, e.g. {@code configured}. */
  @Override
  public String toString() {
    return verb;
  }
}
