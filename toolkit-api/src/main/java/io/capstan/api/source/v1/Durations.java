package io.capstan.api.source.v1;

/**
 * Validation patterns of Go {@code time.Duration} strings as Flux's CRDs declare them. Intervals
 * may be given in hours; timeouts only up to minutes.
 */
public final class Durations {

  /**
   * Pattern of {@code spec.interval}: one or more {@code <number><unit>} with unit ms, s, m or h.
   */
  public static final String INTERVAL_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  /** Pattern of {@code spec.timeout}: like the interval, without hours. */
  public static final String TIMEOUT_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m))+$";

  private Durations() {}
}
