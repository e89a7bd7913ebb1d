package io.capstan.helm.engine;

import java.util.regex.Pattern;
import org.semver4j.Semver;

/** Semantic versions and ranges as Helm (Masterminds semver) checks them. */
final class SemverRange {
  private SemverRange() {}

  private static final Pattern LOOSE =
      Pattern.compile(
          "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
              + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
              + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");

  /** Masterminds {@code semver.NewVersion} acceptance. */
  static boolean isValidVersion(String v) {
    return LOOSE.matcher(v).matches();
  }

  /** Helm's {@code IsCompatibleRange}: false on any parse error. */
  static boolean isCompatibleRange(String constraint, String version) {
    if (!isValidVersion(version)) {
      return false;
    }
    try {
      Semver sv = Semver.coerce(version.startsWith("v") ? version.substring(1) : version);
      if (sv == null) {
        return false;
      }
      String c = constraint == null ? "" : constraint.trim();
      if (c.isEmpty()) {
        c = "*";
      }
      // Masterminds: "," means AND; semver4j (npm style) uses space.
      c = c.replace(",", " ");
      String full = version.startsWith("v") ? version.substring(1) : version;
      Semver exact = Semver.parse(full);
      return (exact != null ? exact : sv).satisfies(c);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether semver4j understands the constraint (else Helm's check is not applied). */
  static boolean isValidConstraint(String c) {
    try {
      Semver.parse("1.0.0").satisfies(c.replace(",", " "));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
