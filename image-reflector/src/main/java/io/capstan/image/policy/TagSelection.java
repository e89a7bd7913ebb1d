package io.capstan.image.policy;

import java.util.List;
import java.util.Map;

/**
 * An ImagePolicy's choice over a repository's tags: {@code filterTags} first (pattern and extract),
 * then the policy over the extracted values; the answer is the original tag.
 */
public record TagSelection(TagFilter filter, TagPolicy policy) {

  /**
   * The tag the policy selects.
   *
   * @throws PolicyException when no tag qualifies (message says whether the filter left none)
   */
  public String latest(List<String> tags) throws PolicyException {
    Map<String, String> values = filter.apply(tags);
    if (values.isEmpty()) {
      throw PolicyException.noChoice(
          tags.isEmpty()
              ? "no tags found in the image repository"
              : "no tags left after filtering " + tags.size() + " tags with filterTags");
    }
    return values.get(policy.latest(values.keySet()));
  }
}
