package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from a dry-run, what applying one object will do. Writes nothing: the only calls are a
 * read of the live object and a {@code dryRun=All} server-side apply.
 */
final class ApplyPlanner {

  /** What will be done to one object. */
  record Planned(
      ObjectRef ref,
      ObjectNode desired,
      ResourceDefinitionContext context,
      Action action,
      String detail,
      boolean force,
      boolean recreate,
      Optional<ArrayNode> takeover) {}

  /** The planning outcome: a plan, a deferral until stage one exists, or a failure message. */
  sealed interface Outcome {
    /** Planned. */
    record Ready(Planned plan) implements Outcome {}

    /** Needs a CRD or Namespace of the same set that the server does not have yet. */
    record Deferred() implements Outcome {}

    /** The dry-run failed. */
    record Failed(String message) implements Outcome {}
  }

  private final ApiResources resources;
  private final ObjectClient client;
  private final ApplyOptions options;
  private final Set<String> kindsDefinedInSet;

  ApplyPlanner(
      ApiResources resources,
      ObjectClient client,
      ApplyOptions options,
      Set<String> kindsDefinedInSet) {
    this.resources = resources;
    this.client = client;
    this.options = options;
    this.kindsDefinedInSet = kindsDefinedInSet;
  }

  Outcome plan(ObjectRef ref, ObjectNode desired, Set<String> namespacesToCreate) {
    Map<String, String> annotations = annotations(desired);
    SsaPolicy policy = SsaPolicy.of(annotations, options.annotationGroup());
    boolean force =
        options.force() || SsaPolicy.forceEnabled(annotations, options.annotationGroup());
    Optional<String> excluded = exclusion(annotations);
    if (excluded.isPresent()) {
      return ready(ref, desired, null, Action.SKIPPED, excluded.get(), force, Optional.empty());
    }
    Optional<ResourceDefinitionContext> found;
    try {
      found = resources.find(ref.apiVersion(), ref.kind());
    } catch (KubernetesClientException e) {
      return new Outcome.Failed(ref + " dry-run failed: discovery " + ApiError.describe(e));
    }
    if (found.isEmpty()) {
      if (kindsDefinedInSet.contains(ref.group() + "/" + ref.version() + "/" + ref.kind())) {
        return new Outcome.Deferred();
      }
      return new Outcome.Failed(
          "%s dry-run failed: no matches for kind \"%s\" in version \"%s\""
              .formatted(ref, ref.kind(), ref.apiVersion()));
    }
    ResourceDefinitionContext context = found.get();
    if (context.isNamespaceScoped() && ref.namespace().isEmpty()) {
      return new Outcome.Failed(ref + " dry-run failed: namespace not specified");
    }
    if (!context.isNamespaceScoped() && !ref.namespace().isEmpty()) {
      // As the API server does on create: a cluster-scoped object has no namespace (kustomize's
      // namespace transformer sets one on cluster-scoped custom kinds it does not know).
      desired.withObjectProperty("metadata").remove("namespace");
      ref = new ObjectRef(ref.apiVersion(), ref.kind(), "", ref.name());
    }
    if (context.isNamespaceScoped() && namespacesToCreate.contains(ref.namespace())) {
      return new Outcome.Deferred();
    }
    try {
      JsonNode live = client.live(context, ref);
      Map<String, String> liveAnnotations = live == null ? Map.of() : annotations(live);
      Optional<String> liveExcluded = exclusion(liveAnnotations);
      if (liveExcluded.isPresent()) {
        return ready(
            ref,
            desired,
            context,
            Action.SKIPPED,
            liveExcluded.get() + " (in-cluster)",
            force,
            Optional.empty());
      }
      if (live != null
          && (policy == SsaPolicy.IF_NOT_PRESENT
              || SsaPolicy.of(liveAnnotations, options.annotationGroup())
                  == SsaPolicy.IF_NOT_PRESENT)) {
        return ready(
            ref, desired, context, Action.SKIPPED, "ssa: IfNotPresent", force, Optional.empty());
      }
      JsonNode dryRun;
      try {
        dryRun = client.dryRunApply(context, ref, desired);
      } catch (KubernetesClientException e) {
        if (live != null && ApiError.isImmutable(e)) {
          if (force) {
            return new Outcome.Ready(
                new Planned(
                    ref, desired, context, Action.CREATED, "", true, true, Optional.empty()));
          }
          return new Outcome.Failed(
              ref + " dry-run failed " + ApiError.describe(e) + " (enable force to recreate it)");
        }
        return new Outcome.Failed(ref + " dry-run failed " + ApiError.describe(e));
      }
      if (live == null) {
        return ready(ref, desired, context, Action.CREATED, "", force, Optional.empty());
      }
      Optional<ArrayNode> takeover =
          policy == SsaPolicy.MERGE ? Optional.empty() : ManagedFieldsTakeover.patch(live, options);
      boolean changed = Drift.hasDrifted(live, dryRun) || takeover.isPresent();
      return ready(
          ref,
          desired,
          context,
          changed ? Action.CONFIGURED : Action.UNCHANGED,
          "",
          force,
          takeover);
    } catch (KubernetesClientException e) {
      return new Outcome.Failed(ref + " dry-run failed " + ApiError.describe(e));
    }
  }

  private static Outcome ready(
      ObjectRef ref,
      ObjectNode desired,
      ResourceDefinitionContext context,
      Action action,
      String detail,
      boolean force,
      Optional<ArrayNode> takeover) {
    return new Outcome.Ready(
        new Planned(ref, desired, context, action, detail, force, false, takeover));
  }

  /** Why an object with these annotations is not applied at all, if it is not. */
  private Optional<String> exclusion(Map<String, String> annotations) {
    String group = options.annotationGroup();
    if (SsaPolicy.reconcileDisabled(annotations, group)) {
      return Optional.of("reconcile: disabled");
    }
    if (SsaPolicy.of(annotations, group) == SsaPolicy.IGNORE) {
      return Optional.of("ssa: Ignore");
    }
    return Optional.empty();
  }

  private static Map<String, String> annotations(JsonNode object) {
    JsonNode node = object.at("/metadata/annotations");
    Map<String, String> result = new java.util.HashMap<>();
    node.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }
}
