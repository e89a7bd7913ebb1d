package io.capstan.image.policy;

import java.util.Collection;

/**
 * Flux's {@code alphabetical} policy: values compared as strings (byte order for ASCII tags);
 * {@code asc} picks the greatest, {@code desc} the least; on equal values the later one wins.
 */
public record AlphabeticalPolicy(boolean ascending) implements TagPolicy {

  @Override
  public String latest(Collection<String> values) throws PolicyException {
    if (values.isEmpty()) {
      throw PolicyException.noChoice("version list argument cannot be empty");
    }
    String latest = null;
    for (String v : values) {
      if (latest == null) {
        latest = v;
      } else if (ascending ? v.compareTo(latest) >= 0 : v.compareTo(latest) <= 0) {
        latest = v;
      }
    }
    return latest;
  }
}
