package io.capstan.helm.release;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last run of a hook (Helm's {@code HookExecution}): started/completed times and a phase
 * ({@code Unknown}, {@code Running}, {@code Succeeded}, {@code Failed}).
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class HookExecution {
  public static final String PHASE_UNKNOWN = "Unknown";
  public static final String PHASE_RUNNING = "Running";
  public static final String PHASE_SUCCEEDED = "Succeeded";
  public static final String PHASE_FAILED = "Failed";

  @JsonProperty("started_at")
  @JsonSerialize(using = GoTime.Serializer.class)
  @JsonDeserialize(using = GoTime.Deserializer.class)
  private Instant startedAt;

  @JsonProperty("completed_at")
  @JsonSerialize(using = GoTime.Serializer.class)
  @JsonDeserialize(using = GoTime.Deserializer.class)
  private Instant completedAt;

  @JsonProperty("phase")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private String phase = "";

  private final Map<String, Object> other = new LinkedHashMap<>();

  public Instant startedAt() {
    return startedAt;
  }

  public HookExecution startedAt(Instant t) {
    this.startedAt = t;
    return this;
  }

  public Instant completedAt() {
    return completedAt;
  }

  public HookExecution completedAt(Instant t) {
    this.completedAt = t;
    return this;
  }

  /** The phase text ({@code ""} when the hook never ran, as Helm stores it). */
  public String phase() {
    return phase;
  }

  public HookExecution phase(String p) {
    this.phase = p == null ? "" : p;
    return this;
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
