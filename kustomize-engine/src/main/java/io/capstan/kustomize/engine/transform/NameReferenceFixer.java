package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.config.TransformerConfig.NameBackRef;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.ResId;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After prefixes, suffixes, hashes and namespaces changed names, rewrites the fields that refer to
 * renamed objects (ConfigMap volumes, Secret refs, ServiceAccount names, RBAC roleRefs and
 * subjects, ...) per the name-reference table. Candidates are found through an index of previous
 * names, then narrowed like kustomize does: kind, roleRef kind, namespace, prefix/suffix context.
 */
public final class NameReferenceFixer implements Transformer {
  private final List<NameBackRef> backRefs;

  /** Creates the fixer for a name-reference table. */
  public NameReferenceFixer(List<NameBackRef> backRefs) {
    this.backRefs = backRefs;
  }

  @Override
  public void transform(ResourceMap m) {
    for (Resource r : m.resources()) {
      bindingNamespaces(r);
    }
    Map<String, List<Resource>> byPrevName = new HashMap<>();
    for (Resource r : m.resources()) {
      Set<String> names = new HashSet<>();
      for (ResId id : r.prevIds()) {
        if (names.add(id.name())) {
          byPrevName.computeIfAbsent(id.name(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    if (byPrevName.isEmpty()) {
      return;
    }
    List<Resource> all = new ArrayList<>(m.resources());
    Map<Resource, ResId> orgIds = new java.util.IdentityHashMap<>();
    all.forEach(r -> orgIds.put(r, r.orgId()));
    for (NameBackRef br : backRefs) {
      for (FieldSpec spec : br.referrers()) {
        for (Resource referrer : all) {
          if (!orgIds.get(referrer).gvk().isSelected(spec.gvk())) {
            continue;
          }
          Context c = new Context(referrer, spec, br.gvk(), byPrevName);
          try {
            FieldWalker.apply(referrer.obj(), spec.path(), false, FieldWalker.Create.NONE, c::set);
          } catch (KustomizeException e) {
            throw new KustomizeException(
                "updating name reference in '"
                    + spec.path()
                    + "' field of '"
                    + referrer.curId()
                    + "': "
                    + e.getMessage(),
                e);
          }
        }
      }
    }
  }

  private static final class Context {
    final Resource referrer;
    final FieldSpec spec;
    final Gvk target;
    final Map<String, List<Resource>> byPrevName;
    final ResId referrerId;
    final Set<String> bindingNamespaces;

    Context(Resource referrer, FieldSpec spec, Gvk target, Map<String, List<Resource>> byPrevName) {
      this.referrer = referrer;
      this.spec = spec;
      this.target = target;
      this.byPrevName = byPrevName;
      this.referrerId = referrer.curId();
      this.bindingNamespaces = bindingNamespaces(referrer);
    }

    JsonNode set(JsonNode node) {
      if (node == null || node.isNull()) {
        return node;
      }
      if (node.isValueNode()) {
        return setScalar(node);
      }
      if (node instanceof ObjectNode o) {
        setMapping(o);
        return node;
      }
      if (node.isArray()) {
        var a = (com.fasterxml.jackson.databind.node.ArrayNode) node;
        for (int i = 0; i < a.size(); i++) {
          JsonNode e = a.get(i);
          if (e.isValueNode()) {
            a.set(i, setScalar(e));
          } else if (e instanceof ObjectNode o) {
            setMapping(o);
          }
        }
      }
      return node;
    }

    private JsonNode setScalar(JsonNode node) {
      String old = node.asText();
      Resource referral = select(old, candidates(old, null), false);
      if (referral == null) {
        return node;
      }
      referral.refBy().add(referrerId);
      if (referral.name().equals(old)) {
        return node;
      }
      return TextNode.valueOf(referral.name());
    }

    private void setMapping(ObjectNode o) {
      JsonNode nameNode = o.get("name");
      if (nameNode == null) {
        throw new KustomizeException("path config error; no 'name' field in node");
      }
      String old = nameNode.asText();
      String ns = o.has("namespace") ? Resource.text(o.get("namespace")) : null;
      Resource referral = select(old, candidates(old, ns), true);
      if (referral == null) {
        return;
      }
      referral.refBy().add(referrerId);
      if (referral.name().equals(old) && referral.namespace().isEmpty()) {
        return;
      }
      o.put("name", referral.name());
      if (!referral.namespace().isEmpty()) {
        o.put("namespace", referral.namespace());
      }
    }

    /** Candidates with a matching previous name, within reach of the referrer's namespace. */
    private List<Resource> candidates(String oldName, String nsField) {
      List<Resource> byName = byPrevName.getOrDefault(oldName, List.of());
      List<Resource> out = new ArrayList<>();
      boolean clusterReferrer = referrerId.gvk().isClusterScoped();
      for (Resource r : byName) {
        ResId id = r.curId();
        if (!clusterReferrer
            && !id.gvk().isClusterScoped()
            && !id.effectiveNamespace().equals(referrerId.effectiveNamespace())
            && !bindingNamespaces.contains(r.namespace())) {
          continue;
        }
        out.add(r);
      }
      if (nsField != null) {
        List<Resource> byOrg = new ArrayList<>();
        for (Resource r : out) {
          if (r.orgId().namespace().equals(nsField)) {
            byOrg.add(r);
          }
        }
        if (!byOrg.isEmpty()) {
          return byOrg;
        }
        List<Resource> byCur = new ArrayList<>();
        for (Resource r : out) {
          if (r.namespace().equals(nsField)) {
            byCur.add(r);
          }
        }
        return byCur;
      }
      return out;
    }

    private Resource select(String oldName, List<Resource> cands, boolean withNamespace) {
      List<Resource> c = new ArrayList<>();
      Gvk roleRef = roleRefGvk();
      for (Resource r : cands) {
        List<ResId> prev = r.prevIds();
        if (prev.stream().noneMatch(id -> id.name().equals(oldName))) {
          continue;
        }
        if (prev.stream().noneMatch(id -> id.gvk().isSelected(target))) {
          continue;
        }
        if (roleRef != null && prev.stream().noneMatch(id -> id.gvk().isSelected(roleRef))) {
          continue;
        }
        if (!sameNamespaceOrExempt(r)) {
          continue;
        }
        c.add(r);
      }
      if (c.size() == 1) {
        return c.get(0);
      }
      List<Resource> c1 = new ArrayList<>();
      for (Resource r : c) {
        if (affixesMatch(r, true)) {
          c1.add(r);
        }
      }
      if (c1.size() == 1) {
        return c1.get(0);
      }
      List<Resource> c2 = new ArrayList<>();
      for (Resource r : c1) {
        if (affixesMatch(r, false)) {
          c2.add(r);
        }
      }
      if (c2.size() == 1) {
        return c2.get(0);
      }
      if (c2.isEmpty()) {
        return null;
      }
      Resource first = c2.get(0);
      for (Resource r : c2) {
        if (!r.name().equals(first.name())
            || (withNamespace && !r.namespace().equals(first.namespace()))) {
          List<String> ids = new ArrayList<>();
          c2.forEach(x -> ids.add(x.curId().toString()));
          throw new KustomizeException(
              " found multiple possible referrals: " + String.join(", ", ids));
        }
      }
      return first;
    }

    private boolean affixesMatch(Resource r, boolean allowEmpty) {
      List<String> rp = r.prefixes();
      List<String> op = referrer.prefixes();
      List<String> rs = r.suffixes();
      List<String> os = referrer.suffixes();
      if (allowEmpty) {
        return (rp.isEmpty() || op.isEmpty() || sameEnding(rp, op))
            && (rs.isEmpty() || os.isEmpty() || sameEnding(rs, os));
      }
      return sameEnding(rp, op) && sameEnding(rs, os);
    }

    private boolean sameNamespaceOrExempt(Resource r) {
      if (referrerId.gvk().isClusterScoped()) {
        return true;
      }
      ResId id = r.curId();
      if (id.gvk().isClusterScoped() || id.gvk().kind().equals("ServiceAccount")) {
        return true;
      }
      return referrerId.effectiveNamespace().equals(id.effectiveNamespace());
    }

    private Gvk roleRefGvk() {
      if (!spec.path().endsWith("roleRef/name")) {
        return null;
      }
      JsonNode rr = referrer.obj().get("roleRef");
      if (rr == null || !rr.has("apiGroup") || !rr.has("kind")) {
        return null;
      }
      return new Gvk(Resource.text(rr.get("apiGroup")), "", Resource.text(rr.get("kind")));
    }
  }

  static boolean sameEnding(List<String> a, List<String> b) {
    List<String> shortest = a.size() <= b.size() ? a : b;
    List<String> longest = a.size() <= b.size() ? b : a;
    int diff = longest.size() - shortest.size();
    if (shortest.isEmpty()) {
      return diff == 0;
    }
    for (int i = shortest.size() - 1; i >= 0; i--) {
      if (!longest.get(i + diff).equals(shortest.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> bindingNamespaces(Resource r) {
    Set<String> out = new HashSet<>();
    if (!r.gvk().kind().equals("RoleBinding")) {
      return out;
    }
    JsonNode subjects = r.obj().get("subjects");
    if (subjects == null || !subjects.isArray()) {
      return out;
    }
    for (JsonNode s : subjects) {
      if (s.has("namespace") && "ServiceAccount".equals(Resource.text(s.get("kind")))) {
        if (!s.get("namespace").isTextual()) {
          throw new KustomizeException(
              "Invalid Input: namespace is blank for resource \"" + r.curId() + "\"");
        }
        out.add(s.get("namespace").asText());
      }
    }
    return out;
  }
}
