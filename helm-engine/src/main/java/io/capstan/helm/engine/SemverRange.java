package io.capstan.helm.engine;

import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * Semantic versions and ranges as Helm (Masterminds semver v3) checks them. Public so that chart
 * repository code (source-controller's {@code io.capstan.source.helm}) selects and sorts chart
 * versions with the same grammar as chart dependency resolution here.
 */
public final class SemverRange {
  private SemverRange() {}

  private static final io.capstan.gotemplate.TemplateFunction SEMVER =
      io.capstan.gotemplate.Functions.sprig().get("semver");

  private static final io.capstan.gotemplate.TemplateFunction SEMVER_COMPARE =
      io.capstan.gotemplate.Functions.sprig().get("semverCompare");

  private static final Pattern LOOSE =
      Pattern.compile(
          "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
              + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
              + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");

  /** Masterminds {@code semver.NewVersion} acceptance. */
  public static boolean isValidVersion(String v) {
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

  /**
   * Masterminds {@code Constraints.Check}: whether {@code version} satisfies {@code constraint}
   * (pre-releases only match a constraint that names a pre-release).
   *
   * @throws IllegalArgumentException if the constraint or the version does not parse
   */
  public static boolean satisfies(String constraint, String version) {
    requireValidConstraint(constraint);
    if (!isValidVersion(version)) {
      throw new IllegalArgumentException("invalid semantic version '" + version + "'");
    }
    try {
      return Boolean.TRUE.equals(SEMVER_COMPARE.call(null, java.util.List.of(constraint, version)));
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Checks a constraint the way Masterminds {@code semver.NewConstraint} does.
   *
   * @throws IllegalArgumentException with Masterminds' message ("improper constraint: ...")
   */
  public static void requireValidConstraint(String constraint) {
    if (constraint == null || constraint.isBlank()) {
      throw new IllegalArgumentException("improper constraint: " + constraint);
    }
    try {
      SEMVER_COMPARE.call(null, java.util.List.of(constraint, "0.0.0"));
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Parses a version once for repeated comparison (Masterminds {@code semver.NewVersion}: an
   * optional {@code v}, missing minor/patch count as 0, build metadata ignored when comparing).
   *
   * @throws IllegalArgumentException if the version is not a semantic version
   */
  public static Version version(String text) {
    if (!isValidVersion(text)) {
      throw new IllegalArgumentException("invalid semantic version '" + text + "'");
    }
    try {
      return new Version(
          (io.capstan.gotemplate.GoObject) SEMVER.call(null, java.util.List.of(text)));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "invalid semantic version '" + text + "': " + e.getMessage(), e);
    }
  }

  /** A parsed version, ordered as Masterminds {@code Version.Compare}. */
  public static final class Version implements Comparable<Version> {
    private final io.capstan.gotemplate.GoObject parsed;

    private Version(io.capstan.gotemplate.GoObject parsed) {
      this.parsed = parsed;
    }

    @Override
    public int compareTo(Version o) {
      try {
        Object c = parsed.method("Compare", java.util.List.of(o.parsed));
        return Integer.signum(((Number) c).intValue());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** The canonical form {@code MAJOR.MINOR.PATCH[-PRE][+META]}. */
    @Override
    public String toString() {
      return parsed.toString();
    }
  }
}
