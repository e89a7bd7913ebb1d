package io.capstan.runtime.cel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity as the CEL {@code kubernetes.Quantity} type of {@code
 * k8s.io/apiserver/pkg/cel/library} holds it: an exact decimal parsed with {@code
 * resource.ParseQuantity}'s grammar (binary suffixes {@code Ki..Ei}, decimal {@code n u m k M G T P
 * E}, exponents {@code e3}), rounded up to nano precision as Kubernetes does. Two quantities are
 * equal when they denote the same amount ({@code 1 == 1000m}).
 */
public record CelQuantity(BigDecimal amount) implements Comparable<CelQuantity> {

  /** The text of Kubernetes' {@code ErrFormatWrong}. */
  static final String FORMAT_WRONG =
      "quantities must match the regular expression"
          + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  /** The text of Kubernetes' {@code ErrSuffix}. */
  static final String SUFFIX_WRONG = "unable to parse quantity's suffix";

  private static final Pattern NUMBER = Pattern.compile("([+-]?)([0-9]*(?:\\.[0-9]*)?)(.*)");
  private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?[0-9]+)");
  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
          Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
          Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
          Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
          Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
          Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
          Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
          Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
          Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
          Map.entry("Ki", new BigDecimal(BigInteger.TWO.pow(10))),
          Map.entry("Mi", new BigDecimal(BigInteger.TWO.pow(20))),
          Map.entry("Gi", new BigDecimal(BigInteger.TWO.pow(30))),
          Map.entry("Ti", new BigDecimal(BigInteger.TWO.pow(40))),
          Map.entry("Pi", new BigDecimal(BigInteger.TWO.pow(50))),
          Map.entry("Ei", new BigDecimal(BigInteger.TWO.pow(60))));

  /**
   * Parses {@code text} as Kubernetes does.
   *
   * @throws IllegalArgumentException with Kubernetes' error text for a malformed quantity
   */
  public static CelQuantity parse(String text) {
    Matcher m = NUMBER.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(FORMAT_WRONG);
    }
    String suffix = m.group(3);
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null) {
      Matcher e = EXPONENT.matcher(suffix);
      if (!e.matches()) {
        throw new IllegalArgumentException(
            suffix.matches("[eEinumkKMGTP]*[-+]?[0-9]*") ? SUFFIX_WRONG : FORMAT_WRONG);
      }
      int exponent;
      try {
        exponent = Integer.parseInt(e.group(1));
      } catch (NumberFormatException tooLarge) {
        throw new IllegalArgumentException(SUFFIX_WRONG, tooLarge);
      }
      multiplier = BigDecimal.ONE.scaleByPowerOfTen(exponent);
    }
    String digits = m.group(2);
    // Kubernetes reads an empty integer or fraction part as 0 ("-", ".", "1." and "Ki" are 0 or 1)
    if (digits.startsWith(".")) {
      digits = "0" + digits;
    }
    if (digits.endsWith(".")) {
      digits = digits.substring(0, digits.length() - 1);
    }
    if (digits.isEmpty()) {
      digits = "0";
    }
    BigDecimal amount = new BigDecimal(digits).multiply(multiplier);
    if (m.group(1).equals("-")) {
      amount = amount.negate();
    }
    if (amount.scale() > 9) {
      // Kubernetes keeps nano precision and rounds the rest away from zero.
      amount = amount.setScale(9, RoundingMode.UP);
    }
    return new CelQuantity(amount);
  }

  /** Whether {@code text} parses as a quantity. */
  public static boolean isQuantity(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** -1, 0 or 1. */
  public long sign() {
    return amount.signum();
  }

  /** Whether the amount is an integer that fits in a signed 64-bit integer. */
  public boolean isInteger() {
    try {
      amount.longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  /**
   * The amount as a 64-bit integer.
   *
   * @throws IllegalArgumentException "cannot convert value to integer" (Kubernetes' text)
   */
  public long asInteger() {
    try {
      return amount.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("cannot convert value to integer", e);
    }
  }

  /** The amount as the nearest double. */
  public double asApproximateFloat() {
    return amount.doubleValue();
  }

  /** The sum of both amounts. */
  public CelQuantity add(CelQuantity other) {
    return new CelQuantity(amount.add(other.amount));
  }

  /** The difference of both amounts. */
  public CelQuantity sub(CelQuantity other) {
    return new CelQuantity(amount.subtract(other.amount));
  }

  @Override
  public int compareTo(CelQuantity other) {
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CelQuantity q && amount.compareTo(q.amount) == 0;
  }

  @Override
  public int hashCode() {
    return amount.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return amount.stripTrailingZeros().toPlainString();
  }
}
