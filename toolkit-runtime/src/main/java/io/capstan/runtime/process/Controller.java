package io.capstan.runtime.process;

import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;

/**
 * The one shape of every Capstan controller facade ({@code SourceController}, {@code
 * KustomizeController}, ...): built by a builder from its options, it either {@link #start()}s an
 * operator of its own or {@link #register(Operator)}s its reconcilers with one the caller runs
 * (several controllers in one JVM share one operator, see {@link ControllerGroup}). {@link
 * #close()} stops what the controller started; the client it was given stays open.
 */
public interface Controller extends AutoCloseable {

  /** Flux's name of the controller ({@code source-controller}): events, metrics, Lease name. */
  String name();

  /** Reconciles this controller runs at once (Flux's {@code --concurrent}). */
  int concurrency();

  /**
   * Registers the controller's reconcilers with {@code operator}, which the caller starts, and
   * starts what the reconcilers need besides the operator (source-controller's artifact server);
   * {@link #close()} stops those again.
   *
   * @throws IOException when such a server cannot start
   */
  void register(Operator operator) throws IOException;

  /**
   * Starts an operator of its own with {@link #concurrency()} reconcile threads and registers the
   * controller with it; returns once its informers are synced.
   *
   * @throws IOException when a server the controller needs cannot start
   * @throws IllegalStateException when already started
   */
  Controller start() throws IOException;

  /** Whether the controller serves what it registered (the {@code /readyz} answer). */
  default boolean ready() {
    return true;
  }

  /**
   * Stops the operator started by {@link #start()} (in-flight reconciles finish within the shutdown
   * timeout) and everything {@link #register(Operator)} started. Idempotent.
   */
  @Override
  void close();
}
