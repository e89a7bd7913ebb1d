package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.HealthWaiter;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.runtime.health.WaitResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side apply engine (Flux's {@code ssa.ResourceManager.ApplyAllStaged}). Given a set of
 * objects it:
 *
 * <ol>
 *   <li>dry-runs every object (server-side apply, {@code dryRun=All}); any failure aborts before
 *       anything is written, naming each failing object and the API server's message. Objects that
 *       need a CRD or Namespace of the same set that does not exist yet are dry-run right after
 *       that first stage is applied;
 *   <li>applies CRDs, Namespaces and ClusterRoles, waits until CRDs are Established and Namespaces
 *       Active, then {@code *Class} kinds, then everything else, cluster-scoped first;
 *   <li>sends only objects whose dry-run differs from the live object; the rest are reported
 *       unchanged.
 * </ol>
 *
 * The client given to the constructor makes every call, so a caller impersonating a service account
 * passes an impersonating client. Instances are thread-safe if the client is.
 */
public final class ServerSideApplier {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ServerSideApplier.class);

  private final ApiResources resources;

  /** An engine that talks to the API server through {@code client}. */
  public ServerSideApplier(KubernetesClient client) {
    this.resources = new ApiResources(client);
  }

  /** The discovery catalogue this engine uses (shared with prune and health checks). */
  public ApiResources resources() {
    return resources;
  }

  /** Applies fabric8 objects (typed or generic); see {@link #applyJson(List, ApplyOptions)}. */
  public ChangeSet apply(List<? extends HasMetadata> objects, ApplyOptions options) {
    List<JsonNode> json = new ArrayList<>();
    for (HasMetadata o : objects) {
      json.add(JSON.valueToTree(o));
    }
    return applyJson(json, options);
  }

  /**
   * Applies the objects with the staged algorithm described on this class.
   *
   * @return one entry per object, in apply order
   * @throws ApplyException if the dry-run fails (nothing applied), an apply fails (the change set
   *     holds what was applied), CRDs/Namespaces are not ready in time, or the objects are not
   *     Current within the options' wait timeout
   * @throws IllegalArgumentException if an object lacks apiVersion, kind or name, or two objects
   *     have the same identity
   */
  public ChangeSet applyJson(List<JsonNode> objects, ApplyOptions options) {
    Map<ObjectRef, ObjectNode> desired = new LinkedHashMap<>();
    for (JsonNode object : objects) {
      ObjectNode prepared = DesiredObject.prepare(object, options);
      ObjectRef ref = DesiredObject.refOf(prepared);
      if (desired.put(ref, prepared) != null) {
        throw new IllegalArgumentException("duplicate object in set: " + ref);
      }
    }
    List<ObjectRef> order = new ArrayList<>(desired.keySet());
    order.sort(ApplyOrder.applyOrder());
    ObjectClient objectClient = new ObjectClient(resources, options.fieldManager());
    ApplyPlanner planner =
        new ApplyPlanner(resources, objectClient, options, definedKinds(desired));

    List<ApplyPlanner.Planned> plans = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Set<String> newNamespaces = new HashSet<>();
    List<ObjectRef> deferred = new ArrayList<>();
    for (ObjectRef ref : order) {
      ApplyPlanner.Outcome outcome = planner.plan(ref, desired.get(ref), newNamespaces);
      if (outcome instanceof ApplyPlanner.Outcome.Ready ready) {
        plans.add(ready.plan());
        if (ApplyOrder.isDefinition(ref)
            && ref.kind().equals("Namespace")
            && ready.plan().action() == Action.CREATED) {
          newNamespaces.add(ref.name());
        }
      } else if (outcome instanceof ApplyPlanner.Outcome.Failed f) {
        failures.add(f.message());
      } else {
        deferred.add(ref);
      }
    }
    if (!failures.isEmpty()) {
      throw new ApplyException(failures, new ChangeSet(List.of()));
    }

    List<ChangeSetEntry> done = new ArrayList<>();
    StageRunner runner = new StageRunner(objectClient, options);
    runner.run(plans.stream().filter(p -> ApplyOrder.stage(p.ref()) == 0).toList(), done);
    awaitDefinitions(plans, options, done);
    if (!deferred.isEmpty()) {
      resources.refresh();
      for (ObjectRef ref : deferred) {
        ApplyPlanner.Outcome outcome = planner.plan(ref, desired.get(ref), Set.of());
        if (outcome instanceof ApplyPlanner.Outcome.Ready ready) {
          plans.add(ready.plan());
        } else if (outcome instanceof ApplyPlanner.Outcome.Failed f) {
          failures.add(f.message());
        } else {
          failures.add(ref + " dry-run failed: its CRD or Namespace is still not served");
        }
      }
      if (!failures.isEmpty()) {
        throw new ApplyException(failures, new ChangeSet(done));
      }
    }
    List<ApplyPlanner.Planned> rest =
        plans.stream()
            .filter(p -> ApplyOrder.stage(p.ref()) > 0)
            .sorted(Comparator.comparing(ApplyPlanner.Planned::ref, ApplyOrder.applyOrder()))
            .toList();
    runner.run(rest, done);
    ChangeSet changeSet = new ChangeSet(done);
    options.waitTimeout().ifPresent(timeout -> awaitCurrent(changeSet, timeout));
    return changeSet;
  }

  /**
   * Compares the objects with the cluster the way Flux's drift detection does ({@code
   * jsondiff.UnstructuredList}): each object is read and dry-run applied as {@code fieldManager}; a
   * missing object is {@link ObjectDiff.Type#CREATE}, one whose live state differs from the dry-run
   * result (server-maintained fields and {@code ignoredPointers} left out on both sides) is {@link
   * ObjectDiff.Type#UPDATE}; {@code excluded} desired or live objects, and objects with an ignored
   * pointer {@code ""} (the whole document), are {@link ObjectDiff.Type#EXCLUDE}. Writes nothing;
   * an object that cannot be compared is reported in {@link DiffSet#errors()} and does not stop the
   * others.
   *
   * @param objects the desired objects (namespaced ones with their namespace set)
   * @param fieldManager the field manager of the dry-run
   * @param ignoredPointers RFC 6901 pointers left out of the comparison of a given desired object
   * @param excluded objects (desired or live) not compared at all
   */
  public DiffSet diff(
      List<JsonNode> objects,
      String fieldManager,
      java.util.function.Function<JsonNode, List<String>> ignoredPointers,
      java.util.function.Predicate<JsonNode> excluded) {
    return new DriftDiff(resources, fieldManager, ignoredPointers, excluded).diff(objects);
  }

  private void awaitDefinitions(
      List<ApplyPlanner.Planned> plans, ApplyOptions options, List<ChangeSetEntry> done) {
    List<ObjectRef> definitions =
        plans.stream()
            .map(ApplyPlanner.Planned::ref)
            .filter(ApplyOrder::isDefinition)
            .filter(
                ref ->
                    plans.stream()
                        .anyMatch(p -> p.ref().equals(ref) && p.action() != Action.SKIPPED))
            .toList();
    if (definitions.isEmpty()) {
      return;
    }
    WaitResult result =
        HealthWaiter.of(resources)
            .pollingEvery(java.time.Duration.ofMillis(250))
            .waitFor(definitions, options.definitionsTimeout());
    if (!result.allCurrent()) {
      throw new ApplyException(List.of(result.message()), new ChangeSet(done));
    }
  }

  private void awaitCurrent(ChangeSet changeSet, java.time.Duration timeout) {
    List<ObjectRef> refs =
        changeSet.entries().stream()
            .filter(e -> e.action() != Action.SKIPPED)
            .map(ChangeSetEntry::ref)
            .toList();
    WaitResult result =
        HealthWaiter.of(resources)
            .pollingEvery(java.time.Duration.ofSeconds(1))
            .waitFor(refs, timeout);
    if (!result.allCurrent()) {
      throw new ApplyException(List.of(result.message()), changeSet);
    }
  }

  /**
   * Served kinds ({@code group/version/Kind}) defined by CRDs in the set, so that custom resources
   * of a version the CRD does not serve fail the first dry-run instead of after stage one.
   */
  private static Set<String> definedKinds(Map<ObjectRef, ObjectNode> desired) {
    Set<String> kinds = new HashSet<>();
    desired.forEach(
        (ref, object) -> {
          if (ApplyOrder.isDefinition(ref) && ref.kind().equals("CustomResourceDefinition")) {
            String group = object.at("/spec/group").asText();
            String kind = object.at("/spec/names/kind").asText();
            for (JsonNode version : object.at("/spec/versions")) {
              if (version.path("served").asBoolean(true)) {
                kinds.add(group + "/" + version.path("name").asText() + "/" + kind);
              }
            }
          }
        });
    return kinds;
  }

  /** Applies planned objects in order, recreating on immutable errors when forced. */
  private record StageRunner(ObjectClient client, ApplyOptions options) {

    void run(List<ApplyPlanner.Planned> plans, List<ChangeSetEntry> done) {
      for (ApplyPlanner.Planned plan : plans) {
        if (plan.action() == Action.UNCHANGED || plan.action() == Action.SKIPPED) {
          done.add(new ChangeSetEntry(plan.ref(), plan.action(), plan.detail()));
          continue;
        }
        try {
          ChangeSetEntry entry = applyOne(plan);
          LOG.debug("{}", entry);
          done.add(entry);
        } catch (KubernetesClientException e) {
          throw new ApplyException(
              List.of(plan.ref() + " apply failed " + ApiError.describe(e)), new ChangeSet(done));
        } catch (IllegalStateException e) {
          throw new ApplyException(List.of(e.getMessage()), new ChangeSet(done));
        }
      }
    }

    private ChangeSetEntry applyOne(ApplyPlanner.Planned plan) {
      ResourceDefinitionContext context = plan.context();
      if (plan.recreate()) {
        recreate(plan);
        return new ChangeSetEntry(plan.ref(), Action.CREATED, "recreated: immutable field changed");
      }
      Optional<ArrayNode> takeover = plan.takeover();
      if (takeover.isPresent()) {
        client.jsonPatch(context, plan.ref(), takeover.get());
      }
      try {
        client.apply(context, plan.ref(), plan.desired());
      } catch (KubernetesClientException e) {
        if (plan.force() && ApiError.isImmutable(e)) {
          recreate(plan);
          return new ChangeSetEntry(
              plan.ref(), Action.CREATED, "recreated: immutable field changed");
        }
        throw e;
      }
      return new ChangeSetEntry(plan.ref(), plan.action(), plan.detail());
    }

    private void recreate(ApplyPlanner.Planned plan) {
      if (!client.deleteAndAwait(plan.context(), plan.ref(), options.definitionsTimeout())) {
        throw new IllegalStateException(
            plan.ref() + " recreate failed: the old object was not deleted in time");
      }
      client.apply(plan.context(), plan.ref(), plan.desired());
    }
  }
}
