package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
  // null: poll only; else watch the objects that are not Current and re-read all this often
  private final Duration resync;

  private HealthWaiter(
      ApiResources resources,
      Duration interval,
      boolean failFast,
      Clock clock,
      HealthRule rule,
      Duration resync) {
    this.resources = resources;
    this.interval = interval;
    this.failFast = failFast;
    this.clock = clock;
    this.rule = rule;
    this.resync = resync;
  }

  /** A waiter polling every two seconds that waits for Failed objects to recover. */
  public static HealthWaiter of(ApiResources resources) {
    return new HealthWaiter(
        resources, Duration.ofSeconds(2), false, Clock.systemUTC(), HealthRule.NONE, null);
  }

  /** The same waiter polling every {@code interval}. */
  public HealthWaiter pollingEvery(Duration interval) {
    return new HealthWaiter(resources, interval, failFast, clock, rule, resync);
  }

  /**
   * The same waiter reacting to changes as they happen, as Helm v4's (and Flux's) kstatus watcher
   * does: after the first check, each object that is not Current is watched (one API watch per
   * object, by name, from the resourceVersion just read) and every change is assessed at once, with
   * the same rules. When all are Current, the objects no watch followed are read once more (one
   * that regressed, e.g. was deleted, keeps the wait going and is watched from then on), as the
   * poll that ends a polling wait reads every object; at a timeout they are read again too. All
   * objects are read again every {@code resync}, and every polling interval while a watch could not
   * be opened (e.g. no {@code watch} permission) or has closed, so the result never depends on the
   * watches alone. Timeout, {@link #failingFast()} and {@link #withRule} behave as when polling.
   */
  public HealthWaiter watchingChanges(Duration resync) {
    if (resync == null || resync.isNegative() || resync.isZero()) {
      throw new IllegalArgumentException("resync must be positive");
    }
    return new HealthWaiter(resources, interval, failFast, clock, rule, resync);
  }

  /** The same waiter, returning as soon as an object is Failed (Flux's {@code FailFast}). */
  public HealthWaiter failingFast() {
    return new HealthWaiter(resources, interval, true, clock, rule, resync);
  }

  /**
   * The same waiter assessing the objects {@code rule} claims with it instead of kstatus (e.g.
   * Flux's {@code healthCheckExprs}); the others keep the kstatus rules.
   */
  public HealthWaiter withRule(HealthRule rule) {
    return new HealthWaiter(
        resources, interval, failFast, clock, Objects.requireNonNull(rule), resync);
  }

  /** The health of each object now, in the order given. */
  public Map<ObjectRef, Health> check(Collection<ObjectRef> refs) {
    Map<ObjectRef, Health> result = new LinkedHashMap<>();
    for (ObjectRef ref : refs) {
      result.put(ref, read(ref).health());
    }
    return result;
  }

  /**
   * Polls until all objects are Current (a deleted object is NotFound, not Current) or {@code
   * timeout} elapses. Interruption ends the wait early with the last observed state. With {@link
   * #watchingChanges} the objects that are not Current are watched between the polls.
   */
  public WaitResult waitFor(Collection<ObjectRef> refs, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    List<ObjectRef> ordered = List.copyOf(refs);
    if (resync != null) {
      return watchFor(ordered, deadline);
    }
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

  private WaitResult watchFor(List<ObjectRef> ordered, Instant deadline) {
    Map<ObjectRef, Health> states = new LinkedHashMap<>();
    Map<ObjectRef, String> versions = new LinkedHashMap<>();
    for (ObjectRef ref : ordered) {
      Observed o = read(ref);
      states.put(ref, o.health());
      versions.put(ref, o.resourceVersion());
    }
    if (done(states)) {
      return new WaitResult(states, false);
    }
    if (!clock.instant().isBefore(deadline)) {
      return new WaitResult(states, true);
    }
    Set<ObjectRef> watched = new HashSet<>();
    try (ChangeWatch watch = new ChangeWatch()) {
      for (ObjectRef ref : ordered) {
        if (!states.get(ref).isCurrent()) {
          watch.watch(resources, ref, versions.get(ref));
          watched.add(ref);
        }
      }
      Instant nextRead = clock.instant().plus(watch.degraded() ? interval : resync);
      while (true) {
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
          // as a poll would report it: the objects no watch followed, read once more
          rereadUnwatched(ordered, watched, states);
          return new WaitResult(states, true);
        }
        Instant until = nextRead.isBefore(deadline) ? nextRead : deadline;
        List<ChangeWatch.Change> changes;
        try {
          changes = watch.await(Duration.between(now, until).plusMillis(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new WaitResult(states, true);
        }
        for (ChangeWatch.Change c : changes) {
          states.put(c.ref(), c.object() == null ? NOT_FOUND : assess(c.object()));
        }
        if (changes.isEmpty() && !clock.instant().isBefore(nextRead)) {
          states = new LinkedHashMap<>(check(ordered));
          nextRead = clock.instant().plus(watch.degraded() ? interval : resync);
        }
        if (!done(states)) {
          continue;
        }
        if (!states.values().stream().allMatch(Health::isCurrent)) {
          return new WaitResult(states, false); // failing fast
        }
        // All Current: confirm the objects no watch followed are still Current (a poll would
        // have read them now too); one that regressed is watched from here on.
        Map<ObjectRef, String> regressed = rereadUnwatched(ordered, watched, states);
        if (regressed.isEmpty()) {
          return new WaitResult(states, false);
        }
        regressed.forEach(
            (ref, version) -> {
              watch.watch(resources, ref, version);
              watched.add(ref);
            });
        if (done(states)) {
          return new WaitResult(states, false); // failing fast on a regressed object
        }
      }
    }
  }

  /**
   * Reads the objects not in {@code watched} again into {@code states}; returns those no longer
   * Current with the resourceVersion read.
   */
  private Map<ObjectRef, String> rereadUnwatched(
      List<ObjectRef> ordered, Set<ObjectRef> watched, Map<ObjectRef, Health> states) {
    Map<ObjectRef, String> regressed = new LinkedHashMap<>();
    for (ObjectRef ref : ordered) {
      if (watched.contains(ref)) {
        continue;
      }
      Observed o = read(ref);
      states.put(ref, o.health());
      if (!o.health().isCurrent()) {
        regressed.put(ref, o.resourceVersion());
      }
    }
    return regressed;
  }

  /** All Current, or (failing fast) one Failed. */
  private boolean done(Map<ObjectRef, Health> states) {
    if (states.values().stream().allMatch(Health::isCurrent)) {
      return true;
    }
    return failFast && states.values().stream().anyMatch(h -> h.status() == HealthStatus.FAILED);
  }

  /** The health of an object and the resourceVersion it was read at (null when not read). */
  private record Observed(Health health, String resourceVersion) {}

  private static final Health NOT_FOUND = new Health(HealthStatus.NOT_FOUND, "object not found");

  private Health assess(JsonNode json) {
    return rule.assess(json).orElseGet(() -> KStatus.compute(json));
  }

  private Observed read(ObjectRef ref) {
    try {
      GenericKubernetesResource live = resources.resource(ref).get();
      if (live == null) {
        return new Observed(NOT_FOUND, null);
      }
      JsonNode json = JSON.valueToTree(live);
      return new Observed(assess(json), live.getMetadata().getResourceVersion());
    } catch (ApiResources.UnknownKindException e) {
      return new Observed(new Health(HealthStatus.UNKNOWN, e.getMessage()), null);
    } catch (KubernetesClientException e) {
      return new Observed(
          new Health(HealthStatus.UNKNOWN, "failed to read object: " + e.getMessage()), null);
    }
  }
}
