package io.capstan.runtime.reconcile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.Duration} text form, used by every Flux duration field ({@code spec.interval:
 * 1m30s}, {@code timeout: 500ms}, {@code 1.5h}). {@link #parse} accepts what Go's {@code
 * time.ParseDuration} accepts (units ns, us, µs, ms, s, m, h; fractions; an optional sign; bare
 * {@code 0}); {@link #format} writes what Go's {@code Duration.String()} writes ({@code 1h0m0s},
 * {@code 1m30s}, {@code 500ms}, {@code 0s}).
 */
public final class GoDuration {

  private static final Map<String, Long> UNIT_NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @throws IllegalArgumentException when {@code text} is not a valid Go duration or overflows Go's
   *     range (about 292 years)
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text);
    }
    int i = 0;
    boolean negative = false;
    if (text.charAt(0) == '-' || text.charAt(0) == '+') {
      negative = text.charAt(0) == '-';
      i++;
    }
    if (text.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == text.length()) {
      throw invalid(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(start, i);
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      Long unit = UNIT_NANOS.get(text.substring(unitStart, i));
      if (unit == null || !isNumber(number)) {
        throw invalid(text);
      }
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger nanos = total.toBigInteger();
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range: " + text);
    }
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  /** Writes {@code d} the way Go's {@code Duration.String()} does. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    String sign = d.isNegative() ? "-" : "";
    BigInteger total =
        BigInteger.valueOf(d.getSeconds())
            .multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(d.getNano()))
            .abs();
    long nanos = total.longValueExact();
    if (nanos < 1_000L) {
      return sign + nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return sign + fraction(nanos, 1_000L) + "\u00b5s";
    }
    if (nanos < 1_000_000_000L) {
      return sign + fraction(nanos, 1_000_000L) + "ms";
    }
    long hours = nanos / 3_600_000_000_000L;
    long minutes = (nanos / 60_000_000_000L) % 60;
    long secondNanos = nanos % 60_000_000_000L;
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(fraction(secondNanos, 1_000_000_000L)).append('s').toString();
  }

  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static boolean isNumber(String number) {
    return !number.isEmpty()
        && !number.equals(".")
        && number.indexOf('.') == number.lastIndexOf('.');
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration: \"" + text + "\"");
  }
}
