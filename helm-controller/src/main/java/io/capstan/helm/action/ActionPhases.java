package io.capstan.helm.action;

/**
 * Where the time of a release goes: the Helm actions and the HelmRelease reconcile report how long
 * each phase took (render, CRDs, release storage reads and writes, apply, the health wait, hooks,
 * status writes). The controller backs it with Micrometer timers on {@code /metrics}; the library
 * default records nothing. Implementations must be thread-safe (the reconcile workers share one).
 */
@FunctionalInterface
public interface ActionPhases {

  /** Records nothing. */
  ActionPhases NONE = (phase, nanos) -> {};

  /** Records that one run of {@code phase} took {@code nanos} (also when it failed). */
  void record(String phase, long nanos);

  /** A piece of work that may fail. */
  @FunctionalInterface
  interface Work<T, E extends Exception> {
    /** Does the work. */
    T run() throws E;
  }

  /** Runs {@code work} and records its duration under {@code phase}, whatever the outcome. */
  default <T, E extends Exception> T time(String phase, Work<T, E> work) throws E {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      record(phase, System.nanoTime() - start);
    }
  }
}
