package io.capstan.helm.release;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Helm v4 release record, JSON-compatible with {@code helm.sh/helm/v4/pkg/release/v1.Release}:
 * every Helm field is mapped and fields this class does not know are kept, so a record read from a
 * Secret and written back loses nothing. {@link #chart()} is Helm's chart JSON ({@code metadata},
 * {@code lock}, {@code templates}, {@code values}, {@code schema}, {@code files}) kept as a tree.
 * {@link #labels()} are the storage labels (not part of the JSON, as in Helm).
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class Release {
  /** Helm v4's apply method values. */
  public static final String APPLY_METHOD_SSA = "ssa";

  public static final String APPLY_METHOD_CSA = "csa";

  @JsonProperty("name")
  private String name;

  @JsonProperty("info")
  private Info info = new Info();

  @JsonProperty("chart")
  private ObjectNode chart;

  @JsonProperty("config")
  private Map<String, Object> config = new LinkedHashMap<>();

  @JsonProperty("manifest")
  private String manifest;

  @JsonProperty("hooks")
  private List<HookRecord> hooks = new ArrayList<>();

  @JsonProperty("version")
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  private int version;

  @JsonProperty("namespace")
  private String namespace;

  @JsonIgnore private Map<String, String> labels = new LinkedHashMap<>();

  @JsonProperty("apply_method")
  private String applyMethod;

  private final Map<String, Object> other = new LinkedHashMap<>();

  public String name() {
    return name;
  }

  public Release name(String v) {
    this.name = v;
    return this;
  }

  public Info info() {
    return info;
  }

  public Release info(Info v) {
    this.info = v == null ? new Info() : v;
    return this;
  }

  /** Helm's chart JSON (may be null for a damaged record). */
  public ObjectNode chart() {
    return chart;
  }

  public Release chart(ObjectNode v) {
    this.chart = v;
    return this;
  }

  /** The user-supplied values of this revision (Helm's {@code config}). */
  public Map<String, Object> config() {
    return config;
  }

  public Release config(Map<String, Object> v) {
    this.config = v == null ? new LinkedHashMap<>() : v;
    return this;
  }

  /** The rendered non-hook manifests, as one multi-document YAML string. */
  public String manifest() {
    return manifest == null ? "" : manifest;
  }

  public Release manifest(String v) {
    this.manifest = v;
    return this;
  }

  public List<HookRecord> hooks() {
    return hooks;
  }

  public Release hooks(List<HookRecord> v) {
    this.hooks = v == null ? new ArrayList<>() : new ArrayList<>(v);
    return this;
  }

  /** The revision (1 for the first install). */
  public int version() {
    return version;
  }

  public Release version(int v) {
    this.version = v;
    return this;
  }

  public String namespace() {
    return namespace;
  }

  public Release namespace(String v) {
    this.namespace = v;
    return this;
  }

  /** Custom storage labels (Helm's {@code --labels}); the system labels are not in here. */
  public Map<String, String> labels() {
    return labels;
  }

  public Release labels(Map<String, String> v) {
    this.labels = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v);
    return this;
  }

  /** {@code ssa} or {@code csa} (null for releases written before Helm v4). */
  public String applyMethod() {
    return applyMethod;
  }

  public Release applyMethod(String v) {
    this.applyMethod = v;
    return this;
  }

  /** Shorthand for {@code info().status()}. */
  public ReleaseStatus status() {
    return info.status();
  }

  /** The chart's {@code metadata.name} ("" when unknown). */
  public String chartName() {
    return chartMetadata("name");
  }

  /** The chart's {@code metadata.version} ("" when unknown). */
  public String chartVersion() {
    return chartMetadata("version");
  }

  /** The chart's {@code metadata.appVersion} ("" when unknown). */
  public String appVersion() {
    return chartMetadata("appVersion");
  }

  private String chartMetadata(String field) {
    if (chart == null) {
      return "";
    }
    JsonNode v = chart.path("metadata").path(field);
    return v.isTextual() ? v.asText() : "";
  }

  /** A deep copy (through the JSON form; the labels are copied too). */
  public Release copy() {
    Release c = ReleaseCodec.fromJson(ReleaseCodec.toJson(this));
    c.labels = new LinkedHashMap<>(labels);
    return c;
  }

  @JsonAnyGetter
  Map<String, Object> other() {
    return other;
  }

  @JsonAnySetter
  void other(String key, Object value) {
    other.put(key, value);
  }

  @Override
  public String toString() {
    return name + ".v" + version + " (" + status() + ")";
  }
}
