package io.capstan.cli;

import io.capstan.runtime.process.ControllerFlags;
import io.capstan.runtime.process.LogEncoding;
import io.capstan.source.SourceControllerOptions;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code capstan run} resolved from its flags: source-controller's own options plus the
 * process settings the command keeps itself (the endpoints and logging that toolkit-runtime's
 * {@link ControllerFlags} hold for a single-controller process).
 *
 * @param source source-controller's options (also the shared concurrency and namespaces)
 * @param metricsAddress {@code --metrics-addr}; {@link #DISABLED} turns {@code /metrics} off
 * @param healthAddress {@code --health-addr}; {@link #DISABLED} turns the probes off
 * @param logLevel {@code --log-level}, lower case, one of {@link ControllerFlags#LOG_LEVELS}
 * @param logEncoding {@code --log-encoding}
 */
record RunSettings(
    SourceControllerOptions source,
    String metricsAddress,
    String healthAddress,
    String logLevel,
    LogEncoding logEncoding) {

  /** The address value that turns an endpoint off (as Flux's {@code --metrics-addr=0}). */
  static final String DISABLED = "0";

  /** Normalises the level and refuses one the runtime's log configuration does not know. */
  RunSettings {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(metricsAddress, "metricsAddress");
    Objects.requireNonNull(healthAddress, "healthAddress");
    Objects.requireNonNull(logEncoding, "logEncoding");
    logLevel = logLevel.toLowerCase(Locale.ROOT);
    if (!ControllerFlags.LOG_LEVELS.contains(logLevel)) {
      throw new IllegalArgumentException("--log-level must be trace, debug, info or error");
    }
  }

  /** True when {@code address} turns its endpoint off ({@code 0} or blank). */
  static boolean disabled(String address) {
    return DISABLED.equals(address) || address.isBlank();
  }
}
