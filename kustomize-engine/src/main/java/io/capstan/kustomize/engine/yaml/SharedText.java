package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;

/**
 * A string value that kustomize shares between several fields of one object: the label and
 * annotation transformers insert one value node wherever a key was missing (metadata, selectors,
 * templates), and later in-place edits of any of those fields show in all of them. Modelling that
 * sharing reproduces kustomize's output exactly (e.g. an overlay relabelling metadata also relabels
 * selectors that a base's commonLabels filled). A deep copy is an ordinary string.
 */
public final class SharedText extends ValueNode {
  private static final long serialVersionUID = 1L;
  private String text;

  /** A shared value with the given text. */
  public SharedText(String text) {
    this.text = text;
  }

  /** Changes the value everywhere it is shared. */
  public void set(String text) {
    this.text = text;
  }

  /**
   * Writes {@code value} into a field currently holding {@code current}: a shared string is changed
   * in place (and the same node returned), anything else is simply replaced.
   */
  public static JsonNode assign(JsonNode current, JsonNode value) {
    if (current instanceof SharedText s && value != null && value.isTextual() && value != s) {
      s.set(value.asText());
      return s;
    }
    return value;
  }

  @Override
  public JsonNodeType getNodeType() {
    return JsonNodeType.STRING;
  }

  @Override
  public JsonToken asToken() {
    return JsonToken.VALUE_STRING;
  }

  @Override
  public String textValue() {
    return text;
  }

  @Override
  public String asText() {
    return text;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends JsonNode> T deepCopy() {
    return (T) TextNode.valueOf(text);
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    g.writeString(text);
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    return o instanceof JsonNode n && n.isTextual() && text.equals(n.textValue());
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
