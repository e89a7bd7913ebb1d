package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets the namespace of namespaced resources and of the other namespace fields the field specs
 * name; RoleBinding subjects follow {@code setRoleBindingSubjects} (defaultOnly, allServiceAccounts
 * or none).
 */
public final class NamespaceTransformer implements Transformer {
  private final String namespace;
  private final List<FieldSpec> specs;
  private final boolean unsetOnly;
  private final String subjectMode;

  /** Creates the transformer. */
  public NamespaceTransformer(
      String namespace, List<FieldSpec> specs, boolean unsetOnly, String subjectMode) {
    this.namespace = namespace;
    this.specs = specs;
    this.unsetOnly = unsetOnly;
    this.subjectMode = subjectMode == null ? "" : subjectMode;
  }

  @Override
  public void transform(ResourceMap m) {
    if (namespace.isEmpty()) {
      return;
    }
    java.util.Map<String, Resource> seen = new java.util.HashMap<>();
    for (Resource r : m.resources()) {
      if (r.obj().size() == 0) {
        continue;
      }
      r.storePreviousId();
      apply(r);
    }
    for (Resource r : m.resources()) {
      Resource other = seen.put(r.curId().key(), r);
      if (other != null) {
        throw new KustomizeException(
            "namespace transformation produces ID conflict: ["
                + other.curId()
                + " "
                + r.curId()
                + "]");
      }
    }
  }

  /** Applies the namespace to one resource (no conflict check). */
  public void transformOne(Resource r) {
    if (!namespace.isEmpty()) {
      apply(r);
    }
  }

  private JsonNode set(JsonNode node) {
    if (unsetOnly && node.isTextual() && !node.asText().isEmpty()) {
      return node;
    }
    if (node.isContainerNode()) {
      throw new KustomizeException("namespace field specs must target scalar nodes");
    }
    return TextNode.valueOf(namespace);
  }

  private void apply(Resource r) {
    Gvk gvk = r.gvk();
    String apiVersion = gvk.apiVersion();
    if (!gvk.isClusterScoped()) {
      FieldWalker.apply(r.obj(), "metadata/namespace", true, FieldWalker.Create.SCALAR, this::set);
    }
    boolean binding = gvk.kind().equals("RoleBinding") || gvk.kind().equals("ClusterRoleBinding");
    List<FieldSpec> rest = new ArrayList<>();
    for (FieldSpec fs : specs) {
      if (fs.path().equals("metadata/namespace")) {
        continue;
      }
      if (!apiVersion.equals("v1") && fs.path().equals("metadata/name")) {
        continue;
      }
      if (binding
          && (fs.gvk().kind().equals("RoleBinding") || fs.gvk().kind().equals("ClusterRoleBinding"))
          && fs.path().equals("subjects/namespace")) {
        continue;
      }
      rest.add(fs);
    }
    if (binding) {
      roleBindingSubjects(r);
    }
    for (FieldSpec fs : rest) {
      if (!gvk.isSelected(fs.gvk())) {
        continue;
      }
      FieldWalker.apply(r.obj(), fs.path(), fs.create(), FieldWalker.Create.SCALAR, this::set);
    }
  }

  private void roleBindingSubjects(Resource r) {
    JsonNode subjects = r.obj().get("subjects");
    if (subjects == null || !subjects.isArray()) {
      return;
    }
    switch (subjectMode) {
      case "none":
        return;
      case "", "defaultOnly", "allServiceAccounts":
        break;
      default:
        throw new KustomizeException(
            "invalid value \""
                + subjectMode
                + "\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or"
                + " \"allServiceAccounts\"");
    }
    for (JsonNode s : subjects) {
      if (!(s instanceof ObjectNode o)) {
        continue;
      }
      boolean pick =
          subjectMode.equals("allServiceAccounts")
              ? "ServiceAccount".equals(Resource.text(o.get("kind")))
              : "default".equals(Resource.text(o.get("name")));
      if (pick) {
        JsonNode cur = o.has("namespace") ? o.get("namespace") : TextNode.valueOf("");
        o.set("namespace", set(cur));
      }
    }
  }
}
