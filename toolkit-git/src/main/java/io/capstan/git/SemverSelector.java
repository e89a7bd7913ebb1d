package io.capstan.git;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Picks the tags that satisfy a semver range, the way Flux does for {@code spec.ref.semver}: tags
 * are read leniently ({@code v1.2.3}, {@code 1.2}, {@code 1} all parse; anything else is skipped),
 * the range uses Masterminds/npm syntax ({@code >=1.0.0 <2.0.0}, {@code ^1.2}, {@code ~1.2.3},
 * {@code 1.x}, {@code 1.0 - 1.4}, {@code ||}; a comma means AND), and pre-releases only match a
 * range that names a pre-release of the same version.
 */
public final class SemverSelector {

  private static final Pattern LENIENT =
      Pattern.compile(
          "^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");

  private final String range;
  private final RangesList ranges;

  private SemverSelector(String range, RangesList ranges) {
    this.range = range;
    this.ranges = ranges;
  }

  /**
   * Parses a range.
   *
   * @throws IllegalArgumentException if the range is not valid semver range syntax
   */
  public static SemverSelector of(String range) {
    String normalized = range.trim().replace(",", " ");
    RangesList parsed;
    try {
      parsed = RangesListFactory.create(normalized);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("semver parse error: invalid range '" + range + "'", e);
    }
    if (parsed.get().isEmpty() && !normalized.isEmpty()) {
      throw new IllegalArgumentException("semver parse error: invalid range '" + range + "'");
    }
    return new SemverSelector(range, parsed);
  }

  /** The range as given. */
  public String range() {
    return range;
  }

  /** A tag name read as a version, or empty if it is not one. */
  public static Optional<Semver> parseTag(String tag) {
    var m = LENIENT.matcher(tag);
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
      return Optional.of(Semver.parse(v)).filter(s -> s != null);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether a tag name is a version inside the range. */
  public boolean matches(String tag) {
    return parseTag(tag).map(v -> v.satisfies(ranges)).orElse(false);
  }

  /**
   * The matching tags that share the highest version, in input order. More than one is returned
   * only when versions differ by build metadata alone (e.g. {@code 1.0.0+a} and {@code 1.0.0+b}),
   * which semver does not order; the caller breaks the tie (Flux uses the newest commit).
   */
  public List<String> highest(List<String> tags) {
    Semver best = null;
    List<String> winners = new ArrayList<>();
    // Build metadata has no precedence in semver.
    Comparator<Semver> order = Comparator.comparing(Semver::withClearedBuild);
    for (String tag : tags) {
      Optional<Semver> v = parseTag(tag).filter(s -> s.satisfies(ranges));
      if (v.isEmpty()) {
        continue;
      }
      int cmp = best == null ? 1 : order.compare(v.get(), best);
      if (cmp > 0) {
        best = v.get();
        winners.clear();
        winners.add(tag);
      } else if (cmp == 0) {
        winners.add(tag);
      }
    }
    return winners;
  }
}
