package io.capstan.runtime.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Flux's interval jitter ({@code --interval-jitter-percentage}, fluxcd/pkg/runtime's {@code
 * jitter.Percent}): a successful reconcile is requeued after its interval changed by a random
 * fraction in {@code [-p, +p]}, so objects created together spread their reconciles over time. Only
 * the success requeue is jittered; retry intervals are not, as in Flux.
 */
public final class IntervalJitter {

  /** No jitter: the interval as is. */
  public static final IntervalJitter NONE = new IntervalJitter(0, RandomGenerator.getDefault());

  /** Flux's default {@code --interval-jitter-percentage}. */
  public static final int DEFAULT_PERCENTAGE = 5;

  private final int percentage;
  private final RandomGenerator random;

  private IntervalJitter(int percentage, RandomGenerator random) {
    this.percentage = percentage;
    this.random = random;
  }

  /**
   * A jitter of {@code percentage} percent (0 disables it).
   *
   * @throws IllegalArgumentException unless {@code 0 <= percentage < 100}, Flux's bounds
   */
  public static IntervalJitter percentage(int percentage) {
    return percentage(percentage, RandomGenerator.getDefault());
  }

  /** As {@link #percentage(int)}, drawing from {@code random}. */
  public static IntervalJitter percentage(int percentage, RandomGenerator random) {
    if (percentage < 0 || percentage >= 100) {
      throw new IllegalArgumentException(
          "--interval-jitter-percentage must be between 0 and 99, got " + percentage);
    }
    return new IntervalJitter(percentage, Objects.requireNonNull(random, "random"));
  }

  /** The configured percentage. */
  public int percentage() {
    return percentage;
  }

  /** {@code interval} times {@code 1 + p * u} with {@code u} uniform in {@code [-1, 1)}. */
  public Duration apply(Duration interval) {
    if (percentage == 0 || interval.isZero() || interval.isNegative()) {
      return interval;
    }
    double factor = 1 + (percentage / 100.0) * (2 * random.nextDouble() - 1);
    return Duration.ofNanos(Math.round(interval.toNanos() * factor));
  }
}
