package io.capstan.kustomize.engine.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.KustomizeException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A target selector (patches, replacements): anchored regular expressions on group, version, kind,
 * name and namespace plus label and annotation selectors. Empty parts match everything.
 */
public final class Selector {
  private final Pattern group;
  private final Pattern version;
  private final Pattern kind;
  private final Pattern name;
  private final Pattern namespace;
  private final LabelSelector labels;
  private final LabelSelector annotations;
  private final String raw;

  private Selector(JsonNode n) {
    group = compile(Resource.text(n.get("group")));
    version = compile(Resource.text(n.get("version")));
    kind = compile(Resource.text(n.get("kind")));
    name = compile(Resource.text(n.get("name")));
    namespace = compile(Resource.text(n.get("namespace")));
    labels = LabelSelector.parse(Resource.text(n.get("labelSelector")));
    annotations = LabelSelector.parse(Resource.text(n.get("annotationSelector")));
    raw = n.toString();
  }

  /** Reads a selector object ({group, version, kind, name, namespace, labelSelector, ...}). */
  public static Selector of(JsonNode n) {
    return new Selector(n);
  }

  private static Pattern compile(String s) {
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile("^(?:" + s + ")$");
    } catch (PatternSyntaxException e) {
      throw new KustomizeException("invalid selector regex '" + s + "': " + e.getDescription());
    }
  }

  private static boolean ok(Pattern p, String s) {
    return p == null || p.matcher(s).matches();
  }

  /** True when the resource's original or current name/namespace and its Gvk and labels match. */
  public boolean matches(Resource r) {
    ResId cur = r.curId();
    ResId org = r.orgId();
    if (!ok(namespace, org.effectiveNamespace()) && !ok(namespace, cur.effectiveNamespace())) {
      return false;
    }
    if (!ok(name, org.name()) && !ok(name, cur.name())) {
      return false;
    }
    Gvk g = cur.gvk();
    if (!ok(group, g.group()) || !ok(version, g.version()) || !ok(kind, g.kind())) {
      return false;
    }
    return labels.matches(r.labels()) && annotations.matches(r.annotations());
  }

  @Override
  public String toString() {
    return raw;
  }
}
