package io.capstan.runtime.process;

import java.util.Locale;
import java.util.Objects;

/**
 * How a controller process runs, resolved from {@link ControllerFlags}: its endpoints, logging and
 * leader election.
 *
 * @param metricsAddress {@code --metrics-addr}; null when off ({@code 0}, as Flux)
 * @param healthAddress {@code --health-addr}; null when off ({@code 0})
 * @param logLevel {@code --log-level}, lower case, one of {@link ControllerFlags#LOG_LEVELS}
 * @param logEncoding {@code --log-encoding}
 * @param election the leader election
 */
public record ProcessSettings(
    String metricsAddress,
    String healthAddress,
    String logLevel,
    LogEncoding logEncoding,
    LeaderElectionSettings election) {

  /** The address value that turns an endpoint off (as Flux's {@code --metrics-addr=0}). */
  public static final String DISABLED = "0";

  /** Normalises: {@code 0} or blank addresses become null (off), the level lower case. */
  public ProcessSettings {
    metricsAddress = enabled(metricsAddress);
    healthAddress = enabled(healthAddress);
    logLevel = logLevel.toLowerCase(Locale.ROOT);
    if (!ControllerFlags.LOG_LEVELS.contains(logLevel)) {
      throw new IllegalArgumentException("--log-level must be trace, debug, info or error");
    }
    Objects.requireNonNull(logEncoding, "logEncoding");
    Objects.requireNonNull(election, "election");
  }

  private static String enabled(String address) {
    return address == null || address.isBlank() || DISABLED.equals(address) ? null : address;
  }

  /** The same settings with other endpoints ({@code 0} or null: off). */
  public ProcessSettings withEndpoints(String metrics, String health) {
    return new ProcessSettings(metrics, health, logLevel, logEncoding, election);
  }
}
