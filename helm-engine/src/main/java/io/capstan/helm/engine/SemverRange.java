package io.capstan.helm.engine;

import java.util.regex.Pattern;
import org.semver4j.Semver;

/** Semantic versions and ranges as Helm (Masterminds semver) checks them. */
final class SemverRange {
  private SemverRange() {}

  private static final io.capstan.gotemplate.TemplateFunction SEMVER_COMPARE =
      io.capstan.gotemplate.Functions.sprig().get("semverCompare");

  private static final Pattern LOOSE =
      Pattern.compile(
          "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
              + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
              + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");

  /** Masterminds {@code semver.NewVersion} acceptance. */
  static boolean isValidVersion(String v) {
    return LOOSE.matcher(v).matches();
  }

  /**
   * Helm's {@code IsCompatibleRange}: false for an invalid version; a constraint semver4j cannot
   * read (Masterminds is more lenient) counts as satisfied.
   */
  static boolean isCompatibleRange(String constraint, String version) {
    if (!isValidVersion(version)) {
      return false;
    }
    // Prefer go-template's Masterminds/semver port (sprig's semverCompare): same grammar as Helm.
    var semverCompare = SEMVER_COMPARE;
    if (semverCompare != null) {
      try {
        Object r =
            semverCompare.call(
                null, java.util.List.of(constraint == null ? "" : constraint, version));
        return Boolean.TRUE.equals(r);
      } catch (Exception e) {
        return false;
      }
    }
    if (constraint != null && !constraint.isBlank() && !isValidConstraint(constraint)) {
      return true;
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
