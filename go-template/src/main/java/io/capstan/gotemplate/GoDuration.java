package io.capstan.gotemplate;

import java.util.List;

/**
 * A Go {@code time.Duration} value for templates: prints as Go's {@code Duration.String()} ({@code
 * 1h2m3.5s}), has Go's methods ({@code Seconds}, {@code Minutes}, {@code Hours}, {@code
 * Milliseconds}, {@code Microseconds}, {@code Nanoseconds}, {@code String}, {@code Round}, {@code
 * Truncate}, {@code Abs}) and marshals as its nanosecond count.
 */
public record GoDuration(long nanos) implements GoObject {

  /** Go's {@code time.ParseDuration}; the exception message is Go's error text. */
  public static GoDuration parse(String s) throws Exception {
    return new GoDuration(GoTime.parseDuration(s));
  }

  /** Go's {@code Duration.Round(m)}. */
  public GoDuration round(long m) {
    if (m <= 0) {
      return this;
    }
    long d = nanos;
    long r = d % m;
    if (d < 0) {
      r = -r;
      if (r + r < m) {
        return new GoDuration(d + r);
      }
      long d1 = d - m + r;
      return d1 < d ? new GoDuration(d1) : new GoDuration(Long.MIN_VALUE);
    }
    if (r + r < m) {
      return new GoDuration(d - r);
    }
    long d1 = d + m - r;
    return d1 > d ? new GoDuration(d1) : new GoDuration(Long.MAX_VALUE);
  }

  /** Go's {@code Duration.Truncate(m)}. */
  public GoDuration truncate(long m) {
    return m <= 0 ? this : new GoDuration(nanos - nanos % m);
  }

  /** Go's {@code Duration.Seconds()}. */
  public double seconds() {
    long sec = nanos / 1_000_000_000L;
    long nsec = nanos % 1_000_000_000L;
    return (double) sec + (double) nsec / 1e9;
  }

  /** Go's {@code Duration.Minutes()}. */
  public double minutes() {
    long min = nanos / 60_000_000_000L;
    long nsec = nanos % 60_000_000_000L;
    return (double) min + (double) nsec / (60 * 1e9);
  }

  /** Go's {@code Duration.Hours()}. */
  public double hours() {
    long hour = nanos / 3_600_000_000_000L;
    long nsec = nanos % 3_600_000_000_000L;
    return (double) hour + (double) nsec / (60 * 60 * 1e9);
  }

  @Override
  public Object field(String name) throws TemplateException {
    throw new NoSuchMemberException(name);
  }

  @Override
  public boolean hasMethod(String name) {
    return switch (name) {
      case "String",
          "Seconds",
          "Minutes",
          "Hours",
          "Milliseconds",
          "Microseconds",
          "Nanoseconds",
          "Round",
          "Truncate",
          "Abs" ->
          true;
      default -> false;
    };
  }

  @Override
  public Object method(String name, List<Object> args) throws Exception {
    return switch (name) {
      case "Seconds" -> seconds();
      case "Minutes" -> minutes();
      case "Hours" -> hours();
      case "Milliseconds" -> nanos / 1_000_000L;
      case "Microseconds" -> nanos / 1_000L;
      case "Nanoseconds" -> nanos;
      case "Round" -> round(durationArg(args));
      case "Truncate" -> truncate(durationArg(args));
      case "Abs" -> new GoDuration(nanos == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(nanos));
      default -> toString();
    };
  }

  private static long durationArg(List<Object> args) {
    Object a = args.isEmpty() ? null : args.get(0);
    if (a instanceof GoDuration d) {
      return d.nanos;
    }
    if (a instanceof Number n) {
      return n.longValue();
    }
    throw Builtins.wrongType("time.Duration", a);
  }

  @Override
  public String goTypeName() {
    return "time.Duration";
  }

  @Override
  public String toString() {
    return GoTime.durationString(nanos);
  }
}
