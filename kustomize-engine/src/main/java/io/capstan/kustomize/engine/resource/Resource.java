package io.capstan.kustomize.engine.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes object being built, with the bookkeeping kustomize keeps beside it: the ids it had
 * before renames, the prefixes and suffixes applied, generator options and the ids of the objects
 * that refer to it.
 */
public final class Resource {
  private ObjectNode obj;
  private final List<String[]> previous = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private final List<ResId> refBy = new ArrayList<>();
  private final List<String> refVarNames = new ArrayList<>();
  private String behavior = "";
  private boolean needsHash;
  private boolean allowNameChange;
  private boolean allowKindChange;

  /** Wraps an object (not copied). */
  public Resource(ObjectNode obj) {
    this.obj = obj;
  }

  /** The object itself; mutations are visible to this resource. */
  public ObjectNode obj() {
    return obj;
  }

  /** Replaces the object while keeping the bookkeeping. */
  public void setObj(ObjectNode obj) {
    this.obj = obj;
  }

  /** The current group/version/kind. */
  public Gvk gvk() {
    return Gvk.of(text(obj.get("apiVersion")), text(obj.get("kind")));
  }

  /** metadata.name, or "". */
  public String name() {
    return text(obj.path("metadata").get("name"));
  }

  /** metadata.namespace, or "". */
  public String namespace() {
    return text(obj.path("metadata").get("namespace"));
  }

  /** The id from the current object content. */
  public ResId curId() {
    return new ResId(gvk(), name(), namespace());
  }

  /** The first id this resource had (before any rename), or the current id. */
  public ResId orgId() {
    List<ResId> p = prevIds();
    return p.isEmpty() ? curId() : p.get(0);
  }

  /** Ids held before renames, oldest first; they share the current apiVersion. */
  public List<ResId> prevIds() {
    List<ResId> ids = new ArrayList<>(previous.size());
    Gvk cur = gvk();
    for (String[] p : previous) {
      Gvk g = new Gvk(cur.group(), cur.version(), p[2]);
      String ns = g.isClusterScoped() || p[1].equals("_non_namespaceable_") ? "" : p[1];
      ids.add(new ResId(g, p[0], ns));
    }
    return ids;
  }

  /** Previous ids followed by the current id. */
  public List<ResId> allIds() {
    List<ResId> ids = prevIds();
    ids.add(curId());
    return ids;
  }

  /** Records the current id as a previous id (before a rename). */
  public void storePreviousId() {
    ResId id = curId();
    previous.add(new String[] {id.name(), id.effectiveNamespace(), id.gvk().kind()});
  }

  /** Sets metadata.name. */
  public void setName(String name) {
    metadata().put("name", name);
  }

  /** Sets metadata.namespace, removing it when empty. */
  public void setNamespace(String ns) {
    if (ns == null || ns.isEmpty()) {
      if (obj.get("metadata") instanceof ObjectNode m) {
        m.remove("namespace");
      }
      return;
    }
    metadata().put("namespace", ns);
  }

  /** Sets the kind. */
  public void setKind(String kind) {
    obj.put("kind", kind);
  }

  /** The metadata map, created when missing. */
  public ObjectNode metadata() {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode o) {
      return o;
    }
    ObjectNode o = obj.putObject("metadata");
    return o;
  }

  /** Labels as an ordered string map (never null). */
  public Map<String, String> labels() {
    return stringMap(obj.path("metadata").get("labels"));
  }

  /** Annotations as an ordered string map (never null). */
  public Map<String, String> annotations() {
    return stringMap(obj.path("metadata").get("annotations"));
  }

  /** Replaces the labels; an empty map removes the field. */
  public void setLabels(Map<String, String> labels) {
    setStringMap("labels", labels);
  }

  /** Replaces the annotations; an empty map removes the field. */
  public void setAnnotations(Map<String, String> annotations) {
    setStringMap("annotations", annotations);
  }

  private void setStringMap(String field, Map<String, String> m) {
    if (m.isEmpty()) {
      if (obj.get("metadata") instanceof ObjectNode md) {
        md.remove(field);
      }
      return;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    m.forEach(o::put);
    metadata().set(field, o);
  }

  /** A string map read from a YAML map node (empty for null). */
  public static Map<String, String> stringMapOf(JsonNode n) {
    return stringMap(n);
  }

  static Map<String, String> stringMap(JsonNode n) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n != null && n.isObject()) {
      n.fields().forEachRemaining(e -> m.put(e.getKey(), text(e.getValue())));
    }
    return m;
  }

  /** Text of a scalar node; "" for missing or null. */
  public static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
      return "";
    }
    return n.asText();
  }

  /** Prefixes applied to the name so far, outermost last. */
  public List<String> prefixes() {
    return prefixes;
  }

  /** Suffixes applied to the name so far, outermost last. */
  public List<String> suffixes() {
    return suffixes;
  }

  /** Ids of resources referring to this one (filled by name-reference fixing). */
  public List<ResId> refBy() {
    return refBy;
  }

  /** Names of vars referring to this resource. */
  public List<String> refVarNames() {
    return refVarNames;
  }

  /** Generator behavior: "", create, merge or replace. */
  public String behavior() {
    return behavior;
  }

  /** Sets the generator behavior. */
  public void setBehavior(String behavior) {
    this.behavior = behavior == null ? "" : behavior;
  }

  /** Whether a content hash suffix is to be appended to the name. */
  public boolean needsHash() {
    return needsHash;
  }

  /** Sets whether a content hash suffix is to be appended. */
  public void setNeedsHash(boolean needsHash) {
    this.needsHash = needsHash;
  }

  /** For patches: whether the patch may rename its target. */
  public boolean allowNameChange() {
    return allowNameChange;
  }

  /** For patches: whether the patch may change its target's kind. */
  public boolean allowKindChange() {
    return allowKindChange;
  }

  /** Sets the patch options. */
  public void setPatchOptions(boolean allowNameChange, boolean allowKindChange) {
    this.allowNameChange = allowNameChange;
    this.allowKindChange = allowKindChange;
  }

  /** Copies the rename history, prefixes, suffixes and references of {@code other}. */
  public void copyBuildMetaFrom(Resource other) {
    previous.clear();
    other.previous.forEach(p -> previous.add(p.clone()));
    prefixes.clear();
    prefixes.addAll(other.prefixes);
    suffixes.clear();
    suffixes.addAll(other.suffixes);
    refBy.clear();
    refBy.addAll(other.refBy);
    refVarNames.clear();
    refVarNames.addAll(other.refVarNames);
  }

  /** A deep copy with the same bookkeeping. */
  public Resource deepCopy() {
    Resource r = new Resource(obj.deepCopy());
    r.copyBuildMetaFrom(this);
    r.behavior = behavior;
    r.needsHash = needsHash;
    r.allowNameChange = allowNameChange;
    r.allowKindChange = allowKindChange;
    return r;
  }

  @Override
  public String toString() {
    return curId().toString();
  }
}
