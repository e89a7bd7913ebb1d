package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites container images ({@code images:}): every {@code image} of a list under a field named
 * containers or initContainers, plus the configured field specs, whose image name matches gets a
 * new name, tag and/or digest.
 */
public final class ImageTagTransformer implements Transformer {
  private final String name;
  private final String newName;
  private final String newTag;
  private final String digest;
  private final String tagSuffix;
  private final List<FieldSpec> specs;
  private final Pattern match;

  /** Creates the transformer for one {@code images:} entry. */
  public ImageTagTransformer(
      String name,
      String newName,
      String newTag,
      String digest,
      String tagSuffix,
      List<FieldSpec> specs) {
    this.name = name;
    this.newName = newName;
    this.newTag = newTag;
    this.digest = digest;
    this.tagSuffix = tagSuffix;
    this.specs = specs;
    this.match = Pattern.compile("^" + name + "(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$");
  }

  @Override
  public void transform(ResourceMap m) {
    for (Resource r : m.resources()) {
      if (!r.gvk().kind().equals("CustomResourceDefinition")) {
        walkContainers(r.obj());
      }
    }
    for (Resource r : m.resources()) {
      for (FieldSpec fs : specs) {
        if (r.gvk().isSelected(fs.gvk())) {
          FieldWalker.apply(r.obj(), fs.path(), false, FieldWalker.Create.NONE, this::update);
        }
      }
    }
  }

  private void walkContainers(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walkContainers(e.getValue());
        if ((e.getKey().equals("containers") || e.getKey().equals("initContainers"))
            && e.getValue() instanceof ArrayNode a) {
          for (JsonNode c : a) {
            if (c instanceof ObjectNode co && co.has("image")) {
              co.set("image", update(co.get("image")));
            }
          }
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(this::walkContainers);
    }
  }

  private JsonNode update(JsonNode n) {
    if (!n.isValueNode() || n.isNull()) {
      return n;
    }
    String value = n.asText();
    if (!match.matcher(value).matches()) {
      return n;
    }
    String[] parts = split(value);
    String nm = parts[0];
    String tag = parts[1];
    String dig = parts[2];
    if (!newName.isEmpty()) {
      nm = newName;
    }
    if (!newTag.isEmpty() && !digest.isEmpty()) {
      tag = newTag;
      dig = digest;
    } else if (!newTag.isEmpty()) {
      tag = newTag;
      dig = "";
    } else if (!digest.isEmpty()) {
      tag = "";
      dig = digest;
    }
    if (!tagSuffix.isEmpty() && !tag.isEmpty()) {
      tag = tag + tagSuffix;
    }
    String out = nm;
    if (!tag.isEmpty()) {
      out += ":" + tag;
    }
    if (!dig.isEmpty()) {
      out += "@" + dig;
    }
    return TextNode.valueOf(out);
  }

  /** Splits an image reference into name, tag and digest (kustomize's rules). */
  static String[] split(String image) {
    String search = image;
    int slash = image.indexOf('/');
    if (slash > 0) {
      search = image.substring(slash);
    } else {
      slash = 0;
    }
    int id = search.indexOf('@');
    int ic = search.indexOf(':');
    if (ic < 0 && id < 0) {
      return new String[] {image, "", ""};
    }
    if (id >= 0 && (id < ic || ic < 0)) {
      id += slash;
      return new String[] {image.substring(0, id), "", image.substring(id + 1)};
    }
    if (id >= 0) {
      id += slash;
      ic += slash;
      return new String[] {
        image.substring(0, ic), image.substring(ic + 1, id), image.substring(id + 1)
      };
    }
    ic += slash;
    return new String[] {image.substring(0, ic), image.substring(ic + 1), ""};
  }
}
