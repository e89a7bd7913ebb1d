package io.capstan.image.scan;

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
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < sortedTags.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append('"');
      for (char c : sortedTags.get(i).toCharArray()) {
        // tags are [A-Za-z0-9_.-]; escape the JSON specials anyway, the way Go would
        switch (c) {
          case '"' -> json.append("\\\"");
          case '\\' -> json.append("\\\\");
          case '<' -> json.append("\\u003c");
          case '>' -> json.append("\\u003e");
          case '&' -> json.append("\\u0026");
          default -> json.append(c);
        }
      }
      json.append('"');
    }
    json.append(']');
    Adler32 adler = new Adler32();
    adler.update(json.toString().getBytes(StandardCharsets.UTF_8));
    return Long.toString(adler.getValue());
  }
}
