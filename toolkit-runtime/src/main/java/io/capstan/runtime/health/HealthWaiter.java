package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Polls a set of objects until every one is Current, or until a timeout. Never throws for an
 * unhealthy object: the result names each object that is not Current and why.
 */
public final class HealthWaiter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiResources resources;
  private final Duration interval;
  private final boolean failFast;
  private final Clock clock;
  private final HealthRule rule;

  private HealthWaiter(
      ApiResources resources, Duration interval, boolean failFast, Clock clock, HealthRule rule) {
    this.resources = resources;
    this.interval = interval;
    this.failFast = failFast;
    this.clock = clock;
    this.rule = rule;
  }

  /** A waiter polling every two seconds that waits for Failed objects to recover. */
  public static HealthWaiter of(ApiResources resources) {
    return new HealthWaiter(
        resources, Duration.ofSeconds(2), false, Clock.systemUTC(), HealthRule.NONE);
  }

  /** The same waiter polling every {@code interval}. */
  public HealthWaiter pollingEvery(Duration interval) {
    return new HealthWaiter(resources, interval, failFast, clock, rule);
  }

  /** The same waiter, returning as soon as an object is Failed (Flux's {@code FailFast}). */
  public HealthWaiter failingFast() {
    return new HealthWaiter(resources, interval, true, clock, rule);
  }

  /**
   * The same waiter assessing the objects {@code rule} claims with it instead of kstatus (e.g.
   * Flux's {@code healthCheckExprs}); the others keep the kstatus rules.
   */
  public HealthWaiter withRule(HealthRule rule) {
    return new HealthWaiter(resources, interval, failFast, clock, Objects.requireNonNull(rule));
  }

  /** The health of each object now, in the order given. */
  public Map<ObjectRef, Health> check(Collection<ObjectRef> refs) {
    Map<ObjectRef, Health> result = new LinkedHashMap<>();
    for (ObjectRef ref : refs) {
      result.put(ref, read(ref));
    }
    return result;
  }

  /**
   * Polls until all objects are Current (a deleted object is NotFound, not Current) or {@code
   * timeout} elapses. Interruption ends the wait early with the last observed state.
   */
  public WaitResult waitFor(Collection<ObjectRef> refs, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    List<ObjectRef> ordered = List.copyOf(refs);
    while (true) {
      Map<ObjectRef, Health> states = check(ordered);
      WaitResult result = new WaitResult(states, false);
      if (done(states)) {
        return result;
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        return new WaitResult(states, true);
      }
      try {
        Thread.sleep(Math.min(interval.toMillis(), Duration.between(now, deadline).toMillis() + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new WaitResult(states, true);
      }
    }
  }

  /** All Current, or (failing fast) one Failed. */
  private boolean done(Map<ObjectRef, Health> states) {
    if (states.values().stream().allMatch(Health::isCurrent)) {
      return true;
    }
    return failFast && states.values().stream().anyMatch(h -> h.status() == HealthStatus.FAILED);
  }

  private static final Health NOT_FOUND = new Health(HealthStatus.NOT_FOUND, "object not found");

  private Health assess(JsonNode json) {
    return rule.assess(json).orElseGet(() -> KStatus.compute(json));
  }

  private Health read(ObjectRef ref) {
    try {
      GenericKubernetesResource live = resources.resource(ref).get();
      if (live == null) {
        return NOT_FOUND;
      }
      return assess(JSON.valueToTree(live));
    } catch (ApiResources.UnknownKindException e) {
      return new Health(HealthStatus.UNKNOWN, e.getMessage());
    } catch (KubernetesClientException e) {
      return new Health(HealthStatus.UNKNOWN, "failed to read object: " + e.getMessage());
    }
  }
}
