package io.capstan.image.policy;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Flux's {@code numerical} policy: every value must be a number (Go's {@code ParseFloat}: integers,
 * decimals, exponents); {@code asc} picks the greatest, {@code desc} the least; a value that is not
 * a number fails the whole selection, naming it (use {@code filterTags} to keep only numbers).
 */
public record NumericalPolicy(boolean ascending) implements TagPolicy {

  @Override
  public String latest(Collection<String> values) throws PolicyException {
    if (values.isEmpty()) {
      throw PolicyException.noChoice("version list argument cannot be empty");
    }
    String latest = null;
    BigDecimal latestNumber = null;
    for (String v : values) {
      BigDecimal n = parse(v);
      if (latest == null
          || (ascending ? n.compareTo(latestNumber) > 0 : n.compareTo(latestNumber) < 0)) {
        latest = v;
        latestNumber = n;
      }
    }
    return latest;
  }

  private static BigDecimal parse(String v) throws PolicyException {
    try {
      if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
        throw new NumberFormatException();
      }
      return new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      throw PolicyException.noChoice("failed to parse invalid numeric value '" + v + "'");
    }
  }
}
