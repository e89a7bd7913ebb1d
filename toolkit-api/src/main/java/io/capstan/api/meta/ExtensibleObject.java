package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every spec/status model: fields this version of Capstan does not know are kept and
 * written back unchanged, so reading and re-writing an object written by a newer Flux or Capstan
 * never loses data. The extra fields are not part of the generated CRD schema.
 */
public abstract class ExtensibleObject {

  @JsonIgnore private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

  /** Fields present in the source document that this model does not declare (mutable). */
  // @JsonIgnore keeps the map out of the generated CRD schema; Jackson still uses the any-getter.
  @JsonAnyGetter
  @JsonIgnore
  public Map<String, Object> additionalProperties() {
    return additionalProperties;
  }

  @JsonAnySetter
  void putAdditionalProperty(String name, Object value) {
    additionalProperties.put(name, value);
  }
}
