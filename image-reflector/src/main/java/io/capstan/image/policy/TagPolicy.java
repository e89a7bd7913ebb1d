package io.capstan.image.policy;

import io.capstan.api.image.v1.ImagePolicyChoice;
import io.capstan.api.image.v1.SortOrder;
import java.util.Collection;

/** Chooses the latest of a set of (filtered, extracted) tag values, as one of Flux's policies. */
public interface TagPolicy {

  /**
   * The latest value.
   *
   * @throws PolicyException (not an invalid spec) when no value qualifies
   */
  String latest(Collection<String> values) throws PolicyException;

  /**
   * The policy an ImagePolicy's {@code spec.policy} names.
   *
   * @throws PolicyException (invalid spec) when none or more than one is set, or the range is
   *     invalid
   */
  static TagPolicy of(ImagePolicyChoice choice) throws PolicyException {
    if (choice == null) {
      throw PolicyException.invalidSpec(
          "no policy given: set one of semver, alphabetical, numerical");
    }
    int set =
        (choice.getSemver() != null ? 1 : 0)
            + (choice.getAlphabetical() != null ? 1 : 0)
            + (choice.getNumerical() != null ? 1 : 0);
    if (set != 1) {
      throw PolicyException.invalidSpec(
          "exactly one of semver, alphabetical, numerical must be set, found " + set);
    }
    if (choice.getSemver() != null) {
      return SemverPolicy.of(choice.getSemver().getRange());
    }
    if (choice.getAlphabetical() != null) {
      return new AlphabeticalPolicy(ascending(choice.getAlphabetical().getOrder()));
    }
    return new NumericalPolicy(ascending(choice.getNumerical().getOrder()));
  }

  private static boolean ascending(SortOrder order) {
    return order == null || order == SortOrder.asc;
  }
}
