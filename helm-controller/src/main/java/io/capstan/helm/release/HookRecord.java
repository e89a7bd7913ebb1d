package io.capstan.helm.release;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hook as a release records it (Helm's {@code release.Hook}): name, kind, template path,
 * manifest, events, weight, delete and output-log policies, and its last run.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class HookRecord {
  @JsonProperty("name")
  private String name;

  @JsonProperty("kind")
  private String kind;

  @JsonProperty("path")
  private String path;

  @JsonProperty("manifest")
  private String manifest;

  @JsonProperty("events")
  private List<String> events = new ArrayList<>();

  @JsonProperty("last_run")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private HookExecution lastRun = new HookExecution();

  @JsonProperty("weight")
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  private int weight;

  @JsonProperty("delete_policies")
  private List<String> deletePolicies = new ArrayList<>();

  @JsonProperty("output_log_policies")
  private List<String> outputLogPolicies = new ArrayList<>();

  private final Map<String, Object> other = new LinkedHashMap<>();

  public String name() {
    return name;
  }

  public HookRecord name(String v) {
    this.name = v;
    return this;
  }

  public String kind() {
    return kind;
  }

  public HookRecord kind(String v) {
    this.kind = v;
    return this;
  }

  /** The template path ({@code chart/templates/x.yaml}). */
  public String path() {
    return path;
  }

  public HookRecord path(String v) {
    this.path = v;
    return this;
  }

  public String manifest() {
    return manifest;
  }

  public HookRecord manifest(String v) {
    this.manifest = v;
    return this;
  }

  /** Events such as {@code pre-install}, {@code test}. */
  public List<String> events() {
    return events;
  }

  public HookRecord events(List<String> v) {
    this.events = new ArrayList<>(v);
    return this;
  }

  public HookExecution lastRun() {
    return lastRun;
  }

  public HookRecord lastRun(HookExecution v) {
    this.lastRun = v == null ? new HookExecution() : v;
    return this;
  }

  public int weight() {
    return weight;
  }

  public HookRecord weight(int v) {
    this.weight = v;
    return this;
  }

  /** {@code before-hook-creation}, {@code hook-succeeded}, {@code hook-failed}. */
  public List<String> deletePolicies() {
    return deletePolicies;
  }

  public HookRecord deletePolicies(List<String> v) {
    this.deletePolicies = new ArrayList<>(v);
    return this;
  }

  public List<String> outputLogPolicies() {
    return outputLogPolicies;
  }

  public HookRecord outputLogPolicies(List<String> v) {
    this.outputLogPolicies = new ArrayList<>(v);
    return this;
  }

  /** Whether this is a test hook. */
  public boolean isTest() {
    return events.contains("test") || events.contains("test-success");
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
