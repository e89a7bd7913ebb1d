package io.capstan.helm.engine;

import io.capstan.gotemplate.TemplateException;
import java.util.Map;

/**
 * A Go struct seen by templates: exported fields by Go name; marshals (toYaml/toJson) as its JSON
 * form.
 */
final class GoStruct implements GoFormat.PlainData {
  private final String typeName;
  private final Map<String, Object> fields;
  private final Map<String, Object> json;

  GoStruct(String typeName, Map<String, Object> fields, Map<String, Object> json) {
    this.typeName = typeName;
    this.fields = fields;
    this.json = json;
  }

  @Override
  public Object field(String name) throws TemplateException {
    if (!fields.containsKey(name)) {
      throw new NoSuchMemberException(name);
    }
    return fields.get(name);
  }

  @Override
  public String goTypeName() {
    return typeName;
  }

  @Override
  public Object plainData() {
    return json;
  }

  @Override
  public String toString() {
    return "{" + fields + "}";
  }
}
