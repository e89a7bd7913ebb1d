package io.capstan.image.policy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Range;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Flux's {@code semver} policy (Masterminds/semver v3 semantics): values are read leniently ({@code
 * v1.2.3}, {@code 1.2} and {@code 1} are versions, anything else is skipped); the range uses {@code
 * >= <= > < = !=}, {@code ~}, {@code ^}, {@code x}/{@code *} wildcards, hyphen ranges, {@code ||},
 * and a comma or space for AND. A pre-release only qualifies for a branch of the range that itself
 * names a pre-release ({@code >=1.0.0-0}, {@code 1.x-0}). The highest qualifying version wins; on
 * equal precedence (build metadata differs) the first one given wins.
 */
public final class SemverPolicy implements TagPolicy {

  private static final Pattern LENIENT =
      Pattern.compile(
          "^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?"
              + "(-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$");

  private static final Pattern RANGE_CHARS = Pattern.compile("^[0-9A-Za-z.+\\-*<>=!~^|, ]+$");

  private final String range;
  private final RangesList ranges;

  private SemverPolicy(String range, RangesList ranges) {
    this.range = range;
    this.ranges = ranges;
  }

  /**
   * Parses a range.
   *
   * @throws PolicyException (invalid spec) naming the range when it is not valid
   */
  public static SemverPolicy of(String range) throws PolicyException {
    String r = range == null ? "" : range.trim();
    String message = "semver parse error: improper constraint: " + range;
    if (r.isEmpty() || !RANGE_CHARS.matcher(r).matches()) {
      throw PolicyException.invalidSpec(message);
    }
    RangesList parsed;
    try {
      parsed = RangesListFactory.create(r.replace(",", " "), true);
    } catch (RuntimeException e) {
      throw PolicyException.invalidSpec(message);
    }
    if (parsed.get().isEmpty()) {
      throw PolicyException.invalidSpec(message);
    }
    return new SemverPolicy(range, parsed);
  }

  /** The range as given. */
  public String range() {
    return range;
  }

  /** A value read as a version, or empty if it is not one. */
  public static Optional<Semver> parse(String value) {
    Matcher m = LENIENT.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    String v =
        m.group(1)
            + "."
            + (m.group(2) == null ? "0" : m.group(2))
            + "."
            + (m.group(3) == null ? "0" : m.group(3))
            + (m.group(4) == null ? "" : m.group(4))
            + (m.group(5) == null ? "" : m.group(5));
    try {
      return Optional.ofNullable(Semver.parse(v));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether a value is a version inside the range. */
  public boolean matches(String value) {
    return parse(value).map(this::satisfies).orElse(false);
  }

  private boolean satisfies(Semver v) {
    boolean pre = !v.getPreRelease().isEmpty();
    for (List<Range> branch : ranges.get()) {
      if (pre && branch.stream().noneMatch(r -> !r.getRangeVersion().getPreRelease().isEmpty())) {
        continue;
      }
      if (branch.stream().allMatch(r -> r.isSatisfiedBy(v))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String latest(Collection<String> values) throws PolicyException {
    String best = null;
    Semver bestVersion = null;
    for (String value : values) {
      Optional<Semver> v = parse(value);
      if (v.isEmpty() || !satisfies(v.get())) {
        continue;
      }
      if (bestVersion == null || v.get().compareTo(bestVersion) > 0) {
        best = value;
        bestVersion = v.get();
      }
    }
    if (best == null) {
      throw PolicyException.noChoice("unable to determine latest version from provided list");
    }
    return best;
  }
}
