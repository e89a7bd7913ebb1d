package io.capstan.runtime.process;

import io.capstan.runtime.reconcile.IntervalJitter;
import picocli.CommandLine.Option;

/**
 * {@code --interval-jitter-percentage} (fluxcd/pkg/runtime's {@code jitter.IntervalOptions}): a
 * successful reconcile is requeued after its interval ± a random fraction of up to this percentage.
 */
public final class IntervalJitterFlags {

  @Option(
      names = "--interval-jitter-percentage",
      defaultValue = "" + IntervalJitter.DEFAULT_PERCENTAGE,
      description =
          "Percentage of jitter to apply to interval durations. A value of 10 will apply a jitter"
              + " of +/-10%% to the interval duration. It cannot be negative, and must be less"
              + " than 100.")
  int percentage;

  /**
   * {@code --interval-jitter-percentage}.
   *
   * @throws IllegalArgumentException unless between 0 and 99
   */
  public int percentage() {
    IntervalJitter.percentage(percentage);
    return percentage;
  }
}
