package io.capstan.runtime.dependencies;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.FluxStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles at once the objects whose {@code spec.dependsOn} names an object that just became
 * ready, instead of after {@code --requeue-dependency}: Flux's ready-change predicate for a kind
 * that depends on its own kind (Kustomization, HelmRelease). The dependency counts as changed when
 * it is {@code Ready=True} now and either was not before its reconcile or now has another revision.
 *
 * <p>Use: {@link #register} in {@code prepareEventSources} (it indexes the primary cache by the
 * {@code <namespace>/<name>} of each {@code dependsOn} entry and returns the event source to add),
 * then around each reconcile: {@code State s = trigger.state(r); ...reconcile...;
 * trigger.afterReconcile(s, r)}.
 *
 * @param <R> the kind whose objects depend on each other
 */
public final class DependentsTrigger<R extends CustomResource<?, ? extends FluxStatus>> {

  private static final Logger LOG = LoggerFactory.getLogger(DependentsTrigger.class);

  private final String index;
  private final Function<R, List<DependencyReference>> dependsOn;
  private final Function<R, String> revision;
  private final SimpleInboundEventSource<R> dependents =
      new SimpleInboundEventSource<>("dependents");
  private volatile IndexerResourceCache<R> cache;

  /**
   * A trigger for one kind.
   *
   * @param index the name of the primary-cache index it adds (unique per controller)
   * @param dependsOn an object's {@code spec.dependsOn} (null or empty for none)
   * @param revision what, besides becoming ready, makes dependents reconcile again (e.g. a
   *     Kustomization's {@code lastAppliedRevision}); null values allowed
   */
  public DependentsTrigger(
      String index,
      Function<R, List<DependencyReference>> dependsOn,
      Function<R, String> revision) {
    this.index = Objects.requireNonNull(index, "index");
    this.dependsOn = Objects.requireNonNull(dependsOn, "dependsOn");
    this.revision = Objects.requireNonNull(revision, "revision");
  }

  /** What a reconcile may change that dependents care about. */
  public record State(boolean ready, String revision) {}

  /**
   * The {@code <namespace>/<name>} of each {@code dependsOn} entry of {@code r} (the namespace
   * defaults to {@code r}'s).
   */
  public List<String> keys(R r) {
    List<DependencyReference> refs = dependsOn.apply(r);
    if (refs == null) {
      return List.of();
    }
    return refs.stream()
        .filter(d -> d.getName() != null && !d.getName().isEmpty())
        .map(
            d ->
                (d.getNamespace() == null || d.getNamespace().isEmpty()
                        ? r.getMetadata().getNamespace()
                        : d.getNamespace())
                    + "/"
                    + d.getName())
        .distinct()
        .toList();
  }

  /** The index key of {@code r} itself. */
  public static String key(CustomResource<?, ?> r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  /** The state of {@code r} now (call before its reconcile). */
  public State state(R r) {
    FluxStatus status = r.getStatus();
    if (status == null) {
      return new State(false, null);
    }
    List<Condition> conditions = status.getConditions();
    boolean ready =
        conditions != null
            && conditions.stream()
                .anyMatch(c -> ConditionTypes.READY.equals(c.getType()) && c.isTrue());
    return new State(ready, revision.apply(r));
  }

  /**
   * True when the dependents should be reconciled: Ready now, and either not Ready before or with
   * another revision.
   */
  public static boolean requeuesDependents(State before, State after) {
    if (!after.ready()) {
      return false;
    }
    return !before.ready() || !Objects.equals(before.revision(), after.revision());
  }

  /**
   * Adds the {@code dependsOn} index to the primary cache of {@code context} and returns the event
   * source through which dependents are reconciled; add it to the controller's event sources.
   */
  public EventSource<?, R> register(EventSourceContext<R> context) {
    context.getPrimaryCache().addIndexer(index, this::keys);
    cache = context.getPrimaryCache();
    return dependents;
  }

  /**
   * After a reconcile of {@code r} (whose state before it was {@code before}): when {@code r}
   * became ready or changed revision while ready, reconciles every object whose {@code dependsOn}
   * names it. Returns how many were triggered.
   */
  public int afterReconcile(State before, R r) {
    if (r.isMarkedForDeletion() || !requeuesDependents(before, state(r))) {
      return 0;
    }
    IndexerResourceCache<R> c = cache;
    if (c == null) {
      return 0;
    }
    List<R> found = c.byIndex(index, key(r));
    for (R dependent : found) {
      LOG.debug(
          "{} {} is ready: reconciling its dependent {}", r.getKind(), key(r), key(dependent));
      dependents.propagateEvent(ResourceID.fromResource(dependent));
    }
    return found.size();
  }
}
