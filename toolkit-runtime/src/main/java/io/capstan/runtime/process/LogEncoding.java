package io.capstan.runtime.process;

import java.util.Locale;

/** Flux's {@code --log-encoding}: one JSON object per line, or a human-readable line. */
public enum LogEncoding {
  /** zap's production JSON: {@code level}, {@code ts}, {@code logger}, {@code msg}, fields. */
  JSON,
  /** zap's console layout: tab-separated time, level, logger, message, then fields as JSON. */
  CONSOLE;

  /** {@code json} or {@code console} (any case); anything else is refused. */
  public static LogEncoding parse(String text) {
    return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
      case "json" -> JSON;
      case "console" -> CONSOLE;
      default -> throw new IllegalArgumentException("--log-encoding must be json or console");
    };
  }
}
