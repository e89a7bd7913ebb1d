package io.capstan.image.scan;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a repository's tags ({@code /v2/<name>/tags/list}, following {@code Link} pagination) and
 * drops those matching any {@code exclusionList} pattern (Go RE2 semantics, unanchored, default
 * {@code ^.*\.sig$} for cosign signatures).
 */
public final class TagScanner {

  /** Flux's default exclusion list. */
  public static final List<String> DEFAULT_EXCLUSIONS = List.of("^.*\\.sig$");

  private final List<Pattern> exclusions;

  private TagScanner(List<Pattern> exclusions) {
    this.exclusions = exclusions;
  }

  /**
   * Compiles the exclusion list ({@code null}: the default).
   *
   * @throws IllegalArgumentException naming the pattern that does not compile
   */
  public static TagScanner of(List<String> exclusionList) {
    List<Pattern> compiled = new ArrayList<>();
    for (String p : exclusionList == null ? DEFAULT_EXCLUSIONS : exclusionList) {
      try {
        compiled.add(Pattern.compile(p));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "failed to compile regex " + p + ": " + e.getMessage(), e);
      }
    }
    return new TagScanner(compiled);
  }

  /** Scans the image's tags with the given client. */
  public TagScan scan(OciClient client, ImageName image) throws OciException {
    return TagScan.of(image.canonical(), filter(client.listTags(image.reference())));
  }

  /** The tags no exclusion pattern matches, in the given order. */
  public List<String> filter(List<String> tags) {
    List<String> kept = new ArrayList<>(tags.size());
    for (String tag : tags) {
      if (exclusions.stream().noneMatch(p -> p.matcher(tag).find())) {
        kept.add(tag);
      }
    }
    return kept;
  }
}
