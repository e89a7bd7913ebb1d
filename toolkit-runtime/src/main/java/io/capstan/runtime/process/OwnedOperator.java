package io.capstan.runtime.process;

import io.javaoperatorsdk.operator.Operator;

/**
 * The operator a controller facade runs for itself: {@link Controller#start()} creates it from the
 * builder's settings, registers the controller's reconcilers and starts it; {@link
 * Controller#close()} stops it. A facade keeps one and delegates to it:
 *
 * <pre>{@code
 * private final OwnedOperator operator = new OwnedOperator();
 *
 * public synchronized MyController start() {
 *   operator.start(settings, this::register);
 *   return this;
 * }
 *
 * public synchronized void close() {
 *   operator.stop();
 * }
 * }</pre>
 */
public final class OwnedOperator {

  /** What registers the reconcilers with the new operator (a facade's {@code register}). */
  @FunctionalInterface
  public interface Registration<E extends Exception> {
    void register(Operator operator) throws E;
  }

  private Operator operator;

  /**
   * Creates an operator with {@code settings}' concurrency, client and timeouts, lets {@code
   * registration} register with it, and starts it; returns once its informers are synced.
   *
   * @throws IllegalStateException when already started (and not stopped since)
   * @throws E what {@code registration} throws; the operator is then not started
   */
  public synchronized <E extends Exception> void start(
      ControllerBuilder.Settings settings, Registration<E> registration) throws E {
    if (operator != null) {
      throw new IllegalStateException("already started");
    }
    Operator started = settings.newOperator();
    registration.register(started);
    started.start();
    operator = started;
  }

  /** Whether {@link #start} succeeded and {@link #stop()} has not been called since. */
  public synchronized boolean running() {
    return operator != null;
  }

  /** Stops the started operator, if any (in-flight reconciles finish within the timeout). */
  public synchronized void stop() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }
}
