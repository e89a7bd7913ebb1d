package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.HealthRule;
import io.capstan.runtime.health.HealthStatus;
import io.capstan.runtime.health.HealthWaiter;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.runtime.health.WaitResult;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The object-level operations the actions need besides server-side apply. */
final class ClusterObjects {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration POLL_READY = Duration.ofMillis(500);

  private final ApiResources resources;

  ClusterObjects(ApiResources resources) {
    this.resources = resources;
  }

  ApiResources resources() {
    return resources;
  }

  /** Creates an object (Helm creates hooks; an existing one is an error). */
  void create(ObjectNode object) throws ActionException {
    ObjectRef ref = ManifestObjects.ref(object);
    try {
      GenericKubernetesResource r = MAPPER.treeToValue(object, GenericKubernetesResource.class);
      ResourceDefinitionContext ctx = resources.require(ref.apiVersion(), ref.kind());
      var op = resources.client().genericKubernetesResources(ctx);
      if (ctx.isNamespaceScoped()) {
        op.inNamespace(ref.namespace()).resource(r).create();
      } else {
        op.resource(r).create();
      }
    } catch (KubernetesClientException | ApiResources.UnknownKindException e) {
      throw new ActionException(ManifestObjects.describe(ref) + ": " + message(e), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ActionException(ManifestObjects.describe(ref) + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Replaces a live object with {@code object} (a PUT at the live resourceVersion, as Helm's {@code
   * Update} with replace): fields set by others are dropped too.
   */
  void replace(ObjectNode object, JsonNode live) throws ActionException {
    ObjectRef ref = ManifestObjects.ref(object);
    ObjectNode desired = object.deepCopy();
    desired
        .with("metadata")
        .put("resourceVersion", live.path("metadata").path("resourceVersion").asText());
    try {
      GenericKubernetesResource r = MAPPER.treeToValue(desired, GenericKubernetesResource.class);
      ResourceDefinitionContext ctx = resources.require(ref.apiVersion(), ref.kind());
      var op = resources.client().genericKubernetesResources(ctx);
      if (ctx.isNamespaceScoped()) {
        op.inNamespace(ref.namespace()).resource(r).update();
      } else {
        op.resource(r).update();
      }
    } catch (KubernetesClientException | ApiResources.UnknownKindException e) {
      throw new ActionException(ManifestObjects.describe(ref) + ": " + message(e), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ActionException(ManifestObjects.describe(ref) + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The live object, or null when absent or its kind is not served. */
  JsonNode get(ObjectRef ref) {
    try {
      if (resources.find(ref.apiVersion(), ref.kind()).isEmpty()) {
        return null;
      }
      GenericKubernetesResource live = resources.resource(ref).get();
      return live == null ? null : MAPPER.valueToTree(live);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Deletes objects (absent ones and kinds no longer served are skipped); returns the refs whose
   * delete was sent. Errors are collected into one exception after trying all.
   */
  List<ObjectRef> delete(Collection<ObjectRef> refs, String propagation) throws ActionException {
    List<ObjectRef> deleted = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    DeletionPropagation p = propagation(propagation);
    for (ObjectRef ref : refs) {
      try {
        if (resources.find(ref.apiVersion(), ref.kind()).isEmpty()) {
          continue;
        }
        List<?> status = resources.resource(ref).withPropagationPolicy(p).delete();
        if (status != null && !status.isEmpty()) {
          deleted.add(ref);
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          errors.add(ManifestObjects.describe(ref) + ": " + message(e));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ActionException("failed to delete resources: " + String.join("; ", errors));
    }
    return deleted;
  }

  /** Waits until every ref is gone. */
  void waitGone(Collection<ObjectRef> refs, Duration timeout) throws ActionException {
    Instant deadline = Instant.now().plus(timeout);
    for (ObjectRef ref : refs) {
      while (get(ref) != null) {
        if (Instant.now().isAfter(deadline)) {
          throw new ActionException(
              "timed out waiting for " + ManifestObjects.describe(ref) + " to be deleted");
        }
        sleep();
      }
    }
  }

  /**
   * Helm's wait, when {@code wait} asks for one: every object ready (Jobs only with {@code
   * wait.jobs()}) under the wait's strategy — kstatus Current, or Helm's legacy rules — with the
   * wait's health rule taking precedence; the error names the objects that are not.
   */
  void waitReady(List<ObjectRef> refs, Wait wait) throws ActionException {
    if (!wait.enabled()) {
      return;
    }
    List<ObjectRef> watched = new ArrayList<>();
    for (ObjectRef r : refs) {
      if (wait.jobs() || !"Job".equals(r.kind())) {
        watched.add(r);
      }
    }
    if (watched.isEmpty()) {
      return;
    }
    HealthRule rule = wait.rule() == null ? HealthRule.NONE : wait.rule();
    if (wait.strategy() == WaitStrategy.LEGACY) {
      HealthRule first = rule;
      LegacyReadiness legacy = new LegacyReadiness(resources.client());
      rule = object -> first.assess(object).or(() -> Optional.of(legacy.assess(object)));
    }
    // Polling every 500 ms, not a watch per object (as Helm v4's event-driven kstatus watcher;
    // built as HealthWaiter.watchingChanges, commit cca532e, removed unused): measured in
    // HelmReleaseScaleBench (BENCHMARKS.md, issue #14 helm-speed), the watch did not shorten the
    // wait on a loaded 2-core machine, where a Deployment takes ~0.6-0.75 s to become Available
    // anyway, and each watch is a WebSocket of its own on the JDK HTTP client (+16 MiB peak RSS at
    // N=100, over the 250 MiB goal at N=1000).
    HealthWaiter waiter = HealthWaiter.of(resources).pollingEvery(POLL_READY).withRule(rule);
    WaitResult result = waiter.waitFor(watched, wait.timeout());
    if (!result.allCurrent()) {
      throw new ActionException("context deadline exceeded: " + result.message());
    }
  }

  /**
   * Helm's {@code WatchUntilReady} for a hook: a Job until Complete (Failed is an error), a Pod
   * until Succeeded (Failed is an error); other kinds are ready once created.
   */
  void waitHook(ObjectRef ref, Duration timeout) throws ActionException {
    if (!"Job".equals(ref.kind()) && !"Pod".equals(ref.kind())) {
      return;
    }
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JsonNode live = get(ref);
      if (live != null) {
        if ("Pod".equals(ref.kind())) {
          String phase = live.path("status").path("phase").asText();
          if ("Succeeded".equals(phase)) {
            return;
          }
          if ("Failed".equals(phase)) {
            throw new ActionException("pod " + ref.name() + " failed");
          }
        } else {
          for (JsonNode c : live.path("status").path("conditions")) {
            if (!"True".equals(c.path("status").asText())) {
              continue;
            }
            if ("Complete".equals(c.path("type").asText())) {
              return;
            }
            if ("Failed".equals(c.path("type").asText())) {
              throw new ActionException(
                  "job "
                      + ref.name()
                      + " failed: "
                      + c.path("reason").asText()
                      + (c.path("message").asText().isEmpty()
                          ? ""
                          : " (" + c.path("message").asText() + ")"));
            }
          }
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ActionException(
            "timed out waiting for the condition on " + ManifestObjects.describe(ref));
      }
      sleep();
    }
  }

  /** The kstatus state of one object (for tests and messages). */
  HealthStatus status(ObjectRef ref) {
    return HealthWaiter.of(resources).check(List.of(ref)).get(ref).status();
  }

  static DeletionPropagation propagation(String p) {
    if (p == null || p.isEmpty()) {
      return DeletionPropagation.BACKGROUND;
    }
    return switch (p.toLowerCase(Locale.ROOT)) {
      case "foreground" -> DeletionPropagation.FOREGROUND;
      case "orphan" -> DeletionPropagation.ORPHAN;
      default -> DeletionPropagation.BACKGROUND;
    };
  }

  static String message(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null) {
      String m = k.getStatus().getMessage();
      return m == null ? k.getMessage() : m;
    }
    return e.getMessage();
  }

  private static void sleep() throws ActionException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException("interrupted", e);
    }
  }
}
