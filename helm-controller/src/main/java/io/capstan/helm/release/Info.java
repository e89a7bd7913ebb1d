package io.capstan.helm.release;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helm's {@code release.Info}: times, description, status, notes. */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class Info {
  @JsonProperty("first_deployed")
  @JsonSerialize(using = GoTime.Serializer.class)
  @JsonDeserialize(using = GoTime.Deserializer.class)
  private Instant firstDeployed;

  @JsonProperty("last_deployed")
  @JsonSerialize(using = GoTime.Serializer.class)
  @JsonDeserialize(using = GoTime.Deserializer.class)
  private Instant lastDeployed;

  @JsonProperty("deleted")
  @JsonSerialize(using = GoTime.Serializer.class)
  @JsonDeserialize(using = GoTime.Deserializer.class)
  private Instant deleted;

  @JsonProperty("description")
  private String description;

  @JsonProperty("status")
  private ReleaseStatus status;

  @JsonProperty("rollback_revision")
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  private int rollbackRevision;

  @JsonProperty("notes")
  private String notes;

  @JsonProperty("resources")
  private JsonNode resources;

  private final Map<String, Object> other = new LinkedHashMap<>();

  public Instant firstDeployed() {
    return firstDeployed;
  }

  public Info firstDeployed(Instant t) {
    this.firstDeployed = t;
    return this;
  }

  public Instant lastDeployed() {
    return lastDeployed;
  }

  public Info lastDeployed(Instant t) {
    this.lastDeployed = t;
    return this;
  }

  /** When the release was uninstalled (null if not). */
  public Instant deleted() {
    return deleted;
  }

  public Info deleted(Instant t) {
    this.deleted = t;
    return this;
  }

  public String description() {
    return description == null ? "" : description;
  }

  public Info description(String v) {
    this.description = v;
    return this;
  }

  /** The status ({@link ReleaseStatus#UNKNOWN} when not set). */
  public ReleaseStatus status() {
    return status == null ? ReleaseStatus.UNKNOWN : status;
  }

  public Info status(ReleaseStatus v) {
    this.status = v;
    return this;
  }

  /** The version a rollback went back to (0 if this revision is no rollback). */
  public int rollbackRevision() {
    return rollbackRevision;
  }

  public Info rollbackRevision(int v) {
    this.rollbackRevision = v;
    return this;
  }

  public String notes() {
    return notes == null ? "" : notes;
  }

  public Info notes(String v) {
    this.notes = v;
    return this;
  }

  /** Helm's {@code resources} (only set by {@code helm status --show-resources}; kept as is). */
  public JsonNode resources() {
    return resources;
  }

  @JsonAnyGetter
  Map<String, Object> other() {
    return other;
  }

  @JsonAnySetter
  void other(String key, Object value) {
    other.put(key, value);
  }
}
