package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.apply.Action;
import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.health.ObjectRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Helm's {@code KubeClient.Update} on server-side apply: the target objects applied (ownership
 * checked first), the objects of the current manifest that the target no longer has deleted (except
 * {@code helm.sh/resource-policy: keep}).
 */
final class ManifestApplier {
  /** Annotation group of the applier's per-object policies ({@code <group>/ssa}, ...). */
  static final String ANNOTATION_GROUP = "helm.toolkit.fluxcd.io";

  /** What an apply did: the objects it created and all target objects. */
  record Outcome(List<ObjectRef> created, List<ObjectRef> target, List<ObjectRef> deleted) {}

  /** An apply failure that remembers what was created before it. */
  static final class Failure extends ActionException {
    private final transient List<ObjectRef> created;

    Failure(String message, List<ObjectRef> created, Throwable cause) {
      super(message, cause);
      this.created = created;
    }

    List<ObjectRef> created() {
      return created;
    }
  }

  private final ActionConfig config;
  private final ServerSideApplier applier;
  private final ClusterObjects objects;

  ManifestApplier(ActionConfig config, ServerSideApplier applier, ClusterObjects objects) {
    this.config = config;
    this.applier = applier;
    this.objects = objects;
  }

  List<ObjectRef> refs(String manifest, String namespace) throws ActionException {
    List<ObjectRef> out = new ArrayList<>();
    for (ObjectNode o :
        ManifestObjects.prepare(
            ManifestObjects.parse(manifest), objects.resources(), null, namespace, false)) {
      out.add(ManifestObjects.ref(o));
    }
    return out;
  }

  Outcome apply(
      String releaseName,
      String namespace,
      String currentManifest,
      String targetManifest,
      boolean force)
      throws ActionException {
    List<ObjectNode> current =
        ManifestObjects.prepare(
            ManifestObjects.parse(currentManifest),
            objects.resources(),
            releaseName,
            namespace,
            false);
    List<ObjectNode> target =
        ManifestObjects.prepare(
            ManifestObjects.parse(targetManifest),
            objects.resources(),
            releaseName,
            namespace,
            true);
    Set<String> currentIds = new HashSet<>();
    for (ObjectNode o : current) {
      currentIds.add(identity(ManifestObjects.ref(o)));
    }
    checkOwnership(target, currentIds, releaseName, namespace);
    List<ObjectRef> targetRefs = new ArrayList<>();
    Set<String> targetIds = new HashSet<>();
    for (ObjectNode o : target) {
      ObjectRef r = ManifestObjects.ref(o);
      targetRefs.add(r);
      targetIds.add(identity(r));
    }
    List<ObjectRef> created = new ArrayList<>();
    if (!target.isEmpty()) {
      ApplyOptions options =
          ApplyOptions.builder(config.fieldManager())
              .annotationGroup(ANNOTATION_GROUP)
              .force(force)
              .build();
      try {
        ChangeSet changes = applier.applyJson(new ArrayList<JsonNode>(target), options);
        created.addAll(changes.withAction(Action.CREATED));
      } catch (ApplyException e) {
        throw new Failure(e.getMessage(), e.changeSet().withAction(Action.CREATED), e);
      } catch (RuntimeException e) {
        throw new Failure(ClusterObjects.message(e), created, e);
      }
    }
    List<ObjectRef> removed = new ArrayList<>();
    for (ObjectNode o : current) {
      ObjectRef r = ManifestObjects.ref(o);
      if (!targetIds.contains(identity(r)) && !ManifestObjects.keep(o)) {
        JsonNode live = objects.get(r);
        if (live != null && !ManifestObjects.keep(live)) {
          removed.add(r);
        }
      }
    }
    List<ObjectRef> deleted;
    try {
      deleted = objects.delete(removed, "background");
    } catch (ActionException e) {
      throw new Failure(e.getMessage(), created, e);
    }
    return new Outcome(created, targetRefs, deleted);
  }

  /**
   * Helm refuses to take over objects that exist but belong to no release or another one ({@code
   * invalid ownership metadata}); objects of the current release are fine.
   */
  private void checkOwnership(
      List<ObjectNode> target, Set<String> currentIds, String releaseName, String namespace)
      throws ActionException {
    List<String> errors = new ArrayList<>();
    for (ObjectNode o : target) {
      ObjectRef r = ManifestObjects.ref(o);
      if (currentIds.contains(identity(r))) {
        continue;
      }
      JsonNode live;
      try {
        live = objects.get(r);
      } catch (RuntimeException e) {
        continue; // the apply reports it
      }
      if (live == null) {
        continue;
      }
      JsonNode ann = live.path("metadata").path("annotations");
      String owner = ann.path(ManifestObjects.RELEASE_NAME).asText();
      String ownerNs = ann.path(ManifestObjects.RELEASE_NAMESPACE).asText();
      if (!releaseName.equals(owner) || !namespace.equals(ownerNs)) {
        errors.add(
            String.format(
                "%s \"%s\"%s exists and cannot be imported into the current release: invalid"
                    + " ownership metadata; annotation validation error: key \"%s\" must equal"
                    + " \"%s\": current value is \"%s\"",
                r.kind(),
                r.name(),
                r.namespace().isEmpty() ? "" : " in namespace \"" + r.namespace() + "\"",
                owner.isEmpty() ? ManifestObjects.RELEASE_NAME : ManifestObjects.RELEASE_NAME,
                releaseName,
                owner));
      }
    }
    if (!errors.isEmpty()) {
      throw new ActionException(
          "rendered manifests contain a resource that already exists. Unable to continue: "
              + String.join("; ", errors));
    }
  }

  /** Group, kind, namespace and name (an API-version change is the same object). */
  static String identity(ObjectRef r) {
    return r.group() + "/" + r.kind() + "/" + r.namespace() + "/" + r.name();
  }
}
