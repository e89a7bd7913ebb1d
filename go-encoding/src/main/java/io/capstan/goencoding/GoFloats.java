package io.capstan.goencoding;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv} shortest float formatting ({@code FormatFloat(f, fmt, -1, bitSize)}) and the
 * form {@code encoding/json} gives a {@code float64} or {@code float32}.
 *
 * <p>Java 17's {@code Double.toString} is not always the shortest round-tripping form (JDK-4511638,
 * fixed in 19), so the digits are searched here: the fewest significant digits that read back as
 * the same float, the closest such decimal where several have that many digits, as Go's algorithm
 * picks.
 */
public final class GoFloats {
  private GoFloats() {}

  /**
   * The shortest decimal that reads back as exactly {@code v} (as a {@code float32} when {@code
   * bitSize} is 32); {@code v} is finite and not zero. Its unscaled value has no trailing zeros.
   */
  public static BigDecimal shortest(double v, int bitSize) {
    boolean single = bitSize == 32;
    double target = single ? (float) v : v;
    if (!single && target == Math.rint(target) && Math.abs(target) < 0x1p53) {
      return new BigDecimal((long) target).stripTrailingZeros();
    }
    BigDecimal exact = single ? new BigDecimal((float) target) : new BigDecimal(target);
    int max = single ? 9 : 17;
    for (int p = 1; p <= max; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (readsBack(r, target, single)) {
        return r.stripTrailingZeros();
      }
      // Next to a power of two the interval that reads back is lopsided: a decimal one unit
      // further out on the wide side may read back although the nearest does not.
      BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-r.scale());
      for (BigDecimal other : new BigDecimal[] {r.add(unit), r.subtract(unit)}) {
        if (other.precision() <= p && readsBack(other, target, single)) {
          return other.stripTrailingZeros();
        }
      }
    }
    return exact.round(new MathContext(max, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  private static boolean readsBack(BigDecimal d, double target, boolean single) {
    return single ? d.floatValue() == (float) target : d.doubleValue() == target;
  }

  /**
   * {@code strconv.FormatFloat(v, fmt, -1, bitSize)} for {@code fmt} {@code 'e'}, {@code 'f'} or
   * {@code 'g'}: {@code NaN}, {@code +Inf}, {@code -Inf}, {@code -0}, two-digit exponents ({@code
   * 1e+06}); {@code 'g'} uses {@code 'e'} when the exponent is below -4 or at least 6 (Go's rule
   * for the shortest digits).
   */
  public static String format(double value, char fmt, int bitSize) {
    double v = bitSize == 32 ? (float) value : value;
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    String digits;
    int exp; // decimal exponent of the first digit
    if (v == 0) {
      digits = "0";
      exp = 0;
    } else {
      BigDecimal d = shortest(Math.abs(v), bitSize);
      digits = d.unscaledValue().toString();
      exp = digits.length() - 1 - d.scale();
    }
    char style = fmt;
    if (fmt == 'g') {
      // strconv: with the shortest digits the precision for this choice is 6
      style = exp < -4 || exp >= 6 ? 'e' : 'f';
    }
    StringBuilder out = new StringBuilder(24);
    if (negative) {
      out.append('-');
    }
    if (style == 'e') {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int a = Math.abs(exp);
      out.append('e').append(exp < 0 ? '-' : '+');
      if (a < 10) {
        out.append('0');
      }
      return out.append(a).toString();
    }
    if (exp < 0) {
      out.append("0.");
      out.append("0".repeat(-exp - 1)).append(digits);
    } else if (exp + 1 >= digits.length()) {
      out.append(digits).append("0".repeat(exp + 1 - digits.length()));
    } else {
      out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return out.toString();
  }

  /**
   * A float as {@code encoding/json} writes it: shortest digits, {@code 'f'} form for magnitudes in
   * [1e-6, 1e21) (as a {@code float32} when {@code bitSize} is 32), else {@code 'e'} with Go's
   * clean-up of {@code e-07} to {@code e-7}.
   *
   * @throws GoJson.UnsupportedValueException for NaN and infinities, as Go's {@code
   *     UnsupportedValueError}
   */
  public static String json(double v, int bitSize) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new GoJson.UnsupportedValueException(
          "json: unsupported value: " + format(v, 'g', bitSize));
    }
    double abs = Math.abs(v);
    boolean e =
        abs != 0
            && (bitSize == 32
                ? (float) abs < 1e-6f || (float) abs >= 1e21f
                : abs < 1e-6 || abs >= 1e21);
    String s = format(v, e ? 'e' : 'f', bitSize);
    int n = s.length();
    if (e && n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
      s = s.substring(0, n - 2) + s.charAt(n - 1);
    }
    return s;
  }
}
