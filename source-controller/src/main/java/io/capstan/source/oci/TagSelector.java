package io.capstan.source.oci;

import io.capstan.git.SemverSelector;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Flux's {@code spec.ref.semver} + {@code semverFilter} for OCI tags: tags that do not match the
 * filter (a regular expression) or are not versions are ignored; of the rest, the highest version
 * inside the range wins. Ties on build metadata go to the tag listed first.
 */
public final class TagSelector {

  private final SemverSelector range;
  private final Pattern filter;

  private TagSelector(SemverSelector range, Pattern filter) {
    this.range = range;
    this.filter = filter;
  }

  /**
   * Parses the range and the optional filter.
   *
   * @throws IllegalArgumentException naming the invalid range or filter
   */
  public static TagSelector of(String semver, String semverFilter) {
    Pattern filter = null;
    if (semverFilter != null && !semverFilter.isBlank()) {
      try {
        filter = Pattern.compile(semverFilter);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "failed to compile regex '" + semverFilter + "': " + e.getDescription());
      }
    }
    return new TagSelector(SemverSelector.of(semver), filter);
  }

  /** The winning tag, or empty when no tag matches. */
  public Optional<String> select(List<String> tags) {
    List<String> candidates =
        filter == null ? tags : tags.stream().filter(t -> filter.matcher(t).find()).toList();
    List<String> best = range.highest(candidates);
    return best.isEmpty() ? Optional.empty() : Optional.of(best.get(0));
  }
}
