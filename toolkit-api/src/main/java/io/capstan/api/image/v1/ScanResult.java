package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** What the last scan of an image repository found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"properties": {"scanTime": {"format": "date-time"}}}
        """)
public class ScanResult extends ExtensibleObject {

  @JsonPropertyDescription("Revision is a stable hash of the scanned tags.")
  private String revision;

  @Required
  @JsonPropertyDescription("TagCount is the number of tags found in the last scan.")
  private Integer tagCount;

  @JsonPropertyDescription(
      "ScanTime is the time when the last scan was performed (RFC 3339 date-time).")
  private String scanTime;

  @JsonPropertyDescription(
      "LatestTags is a small sample of the tags found in the last scan: the first 10 tags in"
          + " descending alphabetical order.")
  private List<String> latestTags;

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public Integer getTagCount() {
    return tagCount;
  }

  public void setTagCount(Integer tagCount) {
    this.tagCount = tagCount;
  }

  public String getScanTime() {
    return scanTime;
  }

  public void setScanTime(String scanTime) {
    this.scanTime = scanTime;
  }

  public List<String> getLatestTags() {
    return latestTags;
  }

  public void setLatestTags(List<String> latestTags) {
    this.latestTags = latestTags == null ? null : new ArrayList<>(latestTags);
  }
}
