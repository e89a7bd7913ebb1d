package io.capstan.helm.engine;

import io.capstan.gotemplate.Functions;
import io.capstan.gotemplate.GoDuration;
import io.capstan.gotemplate.GoValues;
import java.util.List;

/**
 * Helm v4's duration helpers ({@code mustToDuration}, {@code durationSeconds}, ... {@code
 * durationTruncateTo}): a value is a {@code time.Duration}, a Go duration string ({@code "1h2m"}),
 * a numeric string or a number of seconds. Only {@code mustToDuration} fails; the others return
 * zero on a bad value (and the rounding ones return the value itself on a bad multiple).
 */
final class HelmDurations {
  private static final long SECOND = 1_000_000_000L;
  private static final long MAX_SECONDS = Long.MAX_VALUE / SECOND;
  private static final long MIN_SECONDS = Long.MIN_VALUE / SECOND;

  private HelmDurations() {}

  static Functions register(Functions f) {
    return f.with("mustToDuration", (ctx, a) -> duration(arg(a, 0)))
        .with("durationSeconds", (ctx, a) -> orZero(arg(a, 0), d -> d.seconds(), 0.0))
        .with(
            "durationMilliseconds", (ctx, a) -> orZero(arg(a, 0), d -> d.nanos() / 1_000_000L, 0L))
        .with("durationMicroseconds", (ctx, a) -> orZero(arg(a, 0), d -> d.nanos() / 1_000L, 0L))
        .with("durationNanoseconds", (ctx, a) -> orZero(arg(a, 0), GoDuration::nanos, 0L))
        .with("durationMinutes", (ctx, a) -> orZero(arg(a, 0), d -> d.minutes(), 0.0))
        .with("durationHours", (ctx, a) -> orZero(arg(a, 0), d -> d.hours(), 0.0))
        .with("durationDays", (ctx, a) -> orZero(arg(a, 0), d -> d.hours() / 24.0, 0.0))
        .with("durationWeeks", (ctx, a) -> orZero(arg(a, 0), d -> d.hours() / 24.0 / 7.0, 0.0))
        .with("durationRoundTo", (ctx, a) -> rounded(arg(a, 0), arg(a, 1), true))
        .with("durationTruncateTo", (ctx, a) -> rounded(arg(a, 0), arg(a, 1), false));
  }

  private static Object arg(List<Object> args, int i) {
    return i < args.size() ? args.get(i) : null;
  }

  private static GoDuration rounded(Object v, Object m, boolean round) {
    GoDuration d;
    try {
      d = duration(v);
    } catch (Exception e) {
      return new GoDuration(0);
    }
    GoDuration mul;
    try {
      mul = duration(m);
    } catch (Exception e) {
      return d;
    }
    return round ? d.round(mul.nanos()) : d.truncate(mul.nanos());
  }

  private interface Conversion {
    Object apply(GoDuration d);
  }

  private static Object orZero(Object v, Conversion c, Object zero) {
    try {
      return c.apply(duration(v));
    } catch (Exception e) {
      return zero;
    }
  }

  /** Helm's {@code asDuration}. */
  static GoDuration duration(Object v) throws Exception {
    if (v instanceof GoDuration d) {
      return d;
    }
    if (v instanceof String x) {
      String s = x.strip();
      if (s.isEmpty()) {
        throw new Exception("empty duration");
      }
      try {
        return GoDuration.parse(s);
      } catch (Exception notDuration) {
        Double f = parseGoFloat(s);
        if (f != null) {
          return fromSeconds(f);
        }
        throw new Exception("could not parse duration " + io.capstan.gotemplate.GoFmt.quote(x));
      }
    }
    if (v == null) {
      throw new Exception("invalid duration");
    }
    if (v instanceof Integer || v instanceof Long) {
      long sec = ((Number) v).longValue();
      if (sec > MAX_SECONDS || sec < MIN_SECONDS) {
        throw new Exception("duration seconds overflow: " + sec);
      }
      return new GoDuration(sec * SECOND);
    }
    if (v instanceof Double || v instanceof Float) {
      return fromSeconds(((Number) v).doubleValue());
    }
    throw new Exception("unsupported duration type " + GoValues.typeName(v));
  }

  private static GoDuration fromSeconds(double seconds) throws Exception {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw new Exception("invalid duration seconds: " + GoFormat.formatFloat(seconds, 'g', -1));
    }
    if (seconds > (double) Long.MAX_VALUE / SECOND || seconds < (double) Long.MIN_VALUE / SECOND) {
      throw new Exception("duration seconds overflow: " + GoFormat.formatFloat(seconds, 'g', -1));
    }
    double nanos = seconds * SECOND;
    if (nanos > (double) Long.MAX_VALUE || nanos < (double) Long.MIN_VALUE) {
      throw new Exception("duration nanoseconds overflow: " + GoFormat.formatFloat(nanos, 'g', -1));
    }
    return new GoDuration((long) nanos);
  }

  /** strconv.ParseFloat(s, 64) for decimal forms and inf/nan; null when Go would fail. */
  private static Double parseGoFloat(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    String body = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
    if (body.equals("inf") || body.equals("infinity")) {
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (body.equals("nan")) {
      return Double.NaN;
    }
    if (!body.matches("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
      return null;
    }
    return Double.parseDouble(s);
  }
}
