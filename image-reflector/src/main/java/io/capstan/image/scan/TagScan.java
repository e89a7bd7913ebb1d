package io.capstan.image.scan;

import io.capstan.goencoding.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Adler32;

/**
 * The result of one scan, as Flux records it: the kept tags sorted in descending string order,
 * {@code revision} = the Adler-32 checksum (decimal) of their JSON array (Flux's database checksum,
 * so an unchanged tag set keeps its revision), and the first 10 as {@code latestTags}.
 */
public record TagScan(String canonicalImageName, List<String> tags, String revision) {

  /** How many tags {@code status.lastScanResult.latestTags} shows. */
  public static final int LATEST_TAGS = 10;

  /** Sorts the tags and computes the revision. */
  public static TagScan of(String canonicalImageName, List<String> tags) {
    List<String> sorted = new ArrayList<>(tags);
    sorted.sort(Comparator.reverseOrder());
    return new TagScan(canonicalImageName, List.copyOf(sorted), revisionOf(sorted));
  }

  /** The 10 greatest tags in descending order (fewer when there are fewer). */
  public List<String> latestTags() {
    return tags.subList(0, Math.min(LATEST_TAGS, tags.size()));
  }

  static String revisionOf(List<String> sortedTags) {
    // Flux checksums json.Marshal of the sorted tag list
    String json = GoJson.marshal(sortedTags);
    Adler32 adler = new Adler32();
    adler.update(json.getBytes(StandardCharsets.UTF_8));
    return Long.toString(adler.getValue());
  }
}
