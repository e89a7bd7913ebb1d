package io.capstan.image.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flux's {@code spec.filterTags}: keeps the tags the pattern matches (anywhere in the tag, Go RE2
 * semantics) and, when {@code extract} is set, replaces each by the expansion of {@code extract}
 * against its first match. The result maps the value to order to the original tag; when two tags
 * extract to the same value the later one in the list wins, as in Flux.
 */
public final class TagFilter {

  private final Pattern pattern;
  private final String extract;

  private TagFilter(Pattern pattern, String extract) {
    this.pattern = pattern;
    this.extract = extract;
  }

  /** A filter that keeps every tag unchanged. */
  public static TagFilter none() {
    return new TagFilter(null, null);
  }

  /**
   * Compiles a filter.
   *
   * @throws PolicyException (invalid spec) naming the pattern if it does not compile
   */
  public static TagFilter of(String pattern, String extract) throws PolicyException {
    if (pattern == null || pattern.isEmpty()) {
      return new TagFilter(null, extract == null || extract.isEmpty() ? null : extract);
    }
    try {
      return new TagFilter(
          Pattern.compile(pattern), extract == null || extract.isEmpty() ? null : extract);
    } catch (PatternSyntaxException e) {
      throw PolicyException.invalidSpec(
          "invalid regular expression pattern '" + pattern + "': " + e.getMessage());
    }
  }

  /** Filters (and extracts from) the tags: value to order -> original tag, in input order. */
  public Map<String, String> apply(List<String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Integer> named = pattern == null ? Map.of() : pattern.namedGroups();
    for (String tag : tags) {
      if (pattern == null) {
        out.put(tag, tag);
        continue;
      }
      Matcher m = pattern.matcher(tag);
      if (!m.find()) {
        continue;
      }
      String value = extract == null ? tag : GoRegexpExpand.expand(extract, m, named);
      out.remove(value);
      out.put(value, tag);
    }
    return out;
  }
}
