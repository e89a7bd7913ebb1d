package io.capstan.runtime.controller;

import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Flux's failure backoff for the Java Operator SDK: the n-th consecutive failure of an object is
 * retried after {@code min × 2^(n-1)}, capped at {@code max}, without a limit on attempts — what
 * controller-runtime's exponential failure rate limiter does with Flux's {@code --min-retry-delay}
 * (750 ms) and {@code --max-retry-delay} (15 min): 750 ms, 1.5 s, 3 s, ... The SDK's {@code
 * GenericRetry} differs: it waits its initial interval twice before doubling. A success ends the
 * execution, so the next failure starts again at {@code min}.
 */
public final class FluxRetry implements Retry {

  private final Duration min;
  private final Duration max;

  /** Retries after {@code min}, doubling up to {@code max}. */
  public FluxRetry(Duration min, Duration max) {
    this.min = Objects.requireNonNull(min, "min");
    this.max = Objects.requireNonNull(max, "max");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
    }
  }

  /** The first delay. */
  public Duration min() {
    return min;
  }

  /** The longest delay. */
  public Duration max() {
    return max;
  }

  /** The delay before retrying after the {@code failures}-th consecutive failure (from 1). */
  public Duration delayAfter(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures start at 1: " + failures);
    }
    Duration delay = min;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }

  @Override
  public RetryExecution initExecution() {
    return new Execution();
  }

  private final class Execution implements RetryExecution {
    private int failures;

    @Override
    public synchronized Optional<Long> nextDelay() {
      failures++;
      return Optional.of(delayAfter(failures).toMillis());
    }

    @Override
    public synchronized int getAttemptCount() {
      return failures;
    }

    @Override
    public boolean isLastAttempt() {
      return false;
    }
  }
}
