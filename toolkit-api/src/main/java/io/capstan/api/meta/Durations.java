package io.capstan.api.meta;

/**
 * The validation patterns Flux's CRDs put on duration fields ({@code interval}, {@code timeout},
 * {@code retryInterval}, ...): a Go {@code time.Duration} written as one or more {@code
 * <number><unit>}, such as {@code 1m30s} or {@code 1.5h}. Which of the two a field uses is Flux's
 * choice per field; most allow hours, some timeouts (sources, image scans, providers) do not.
 */
public final class Durations {

  /** Units {@code ms}, {@code s}, {@code m} or {@code h}: every interval and most timeouts. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  /** Units {@code ms}, {@code s} or {@code m}: the timeouts Flux caps below one hour. */
  public static final String PATTERN_WITHOUT_HOURS = "^([0-9]+(\\.[0-9]+)?(ms|s|m))+$";

  private Durations() {}
}
