package io.capstan.runtime.process;

import io.capstan.runtime.reconcile.GoDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Picocli converter for Go-style duration flags ({@code 30s}, {@code 1m30s}, {@code 1h}). */
public final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {

  /** Parses {@code value} as Go's {@code time.ParseDuration} would; throws on bad input. */
  @Override
  public Duration convert(String value) {
    return GoDuration.parse(value);
  }
}
