package io.capstan.runtime.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.capstan.api.meta.Annotations;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.meta.Reasons;
import io.capstan.api.meta.Suspendable;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.events.SecretRedaction;
import io.capstan.runtime.kube.ResourcePatcher;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.metrics.ControllerRuntimeMetrics;
import io.capstan.runtime.metrics.ReconcileMetrics;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.IntervalJitter;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.RequeueDecision;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.reconcile.StepRunner;
import io.capstan.runtime.status.StatusPatcher;
import io.capstan.runtime.status.StatusSummarizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java Operator SDK reconciler every Flux kind uses; the kind itself only supplies a {@link
 * KindReconciler}. One call of {@link #reconcile} does, in order:
 *
 * <ol>
 *   <li>deleted object: forget its metrics and rate-limit state;
 *   <li>object being deleted: run {@link KindReconciler#cleanup}, then remove {@code
 *       finalizers.fluxcd.io};
 *   <li>add {@code finalizers.fluxcd.io} if missing;
 *   <li>{@code spec.suspend: true}: set the suspend gauge, log, and stop (no status change, no
 *       requeue);
 *   <li>mark {@code Reconciling} for a new generation, run the steps, summarize the status ({@link
 *       StatusSummarizer}), mask secrets in condition messages, and patch the status once if it
 *       changed;
 *   <li>record an event for a failure or a {@code Ready} transition (or, for kinds that ask for it,
 *       Flux's "Reconciliation finished in ..." event after every success, see {@link
 *       KindReconciler#successEventMetadata}), the {@code Ready} gauge and the duration histogram;
 *   <li>return {@code rescheduleAfter} for a fixed requeue, or throw the error so the SDK retries
 *       with backoff (see {@link FluxControllerConfiguration#retry()}).
 * </ol>
 *
 * <p>It does not implement the SDK's {@code Cleaner}: Flux's finalizer name has no {@code /}, which
 * the SDK rejects, so deletion is handled here and the controller is registered with {@code
 * triggerReconcilerOnAllEvents} (see {@link FluxControllerConfiguration}).
 *
 * @param <R> the custom resource
 */
public final class FluxReconciler<R extends CustomResource<?, ? extends FluxStatus>>
    implements Reconciler<R> {

  private static final Logger LOG = LoggerFactory.getLogger(FluxReconciler.class);
  private static final KubernetesSerialization JSON = TolerantSerialization.create();

  private final KindReconciler<R> kind;
  private final ResourcePatcher patcher;
  private final StatusPatcher statusPatcher;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final IntervalJitter jitter;
  private final ReconcileInputs<R> inputs;
  private final ReconcileMemo memo = new ReconcileMemo();
  private final AtomicLong skipped = new AtomicLong();

  FluxReconciler(
      KindReconciler<R> kind,
      ResourcePatcher patcher,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock,
      int statusPatchAttempts,
      IntervalJitter jitter,
      ReconcileInputs<R> inputs) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.patcher = Objects.requireNonNull(patcher, "patcher");
    this.statusPatcher = new StatusPatcher(patcher, statusPatchAttempts);
    this.events = Objects.requireNonNull(events, "events");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.inputs = inputs;
  }

  /** Starts building a reconciler for {@code kind}. */
  public static <R extends CustomResource<?, ? extends FluxStatus>>
      FluxReconcilerBuilder<R> builder(KindReconciler<R> kind) {
    return new FluxReconcilerBuilder<>(kind);
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    String key = memoKey(resource);
    ReconcileMemo.State state = memoState(resource, context);
    long now = System.nanoTime();
    if (state == null) {
      memo.forget(key);
    } else if (memo.redundant(key, state, now)) {
      return skip(resource, key, now);
    }
    String controller = ControllerRuntimeMetrics.controllerName(resource.getKind());
    long started = System.nanoTime();
    try (ReconcileLogFields fields = ReconcileLogFields.put(resource)) {
      Handled<R> handled = reconcileWithFields(resource, context);
      UpdateControl<R> control = handled.control();
      if (state != null && handled.remember()) {
        // The finalizer this reconcile added is its own write, not a change it has not seen:
        // remember it, so an event queued meanwhile does not rerun a brand-new object.
        memo.succeeded(
            key,
            state.withFinalized(Finalizers.has(resource)),
            System.nanoTime(),
            control.getScheduleDelay().map(ms -> ms * 1_000_000).orElse(null));
      } else {
        memo.forget(key);
      }
      metrics
          .controllerRuntime()
          .recordReconcile(
              controller,
              control.getScheduleDelay().isPresent()
                  ? ControllerRuntimeMetrics.Result.REQUEUE_AFTER
                  : ControllerRuntimeMetrics.Result.SUCCESS,
              Duration.ofNanos(System.nanoTime() - started));
      return control;
    } catch (RuntimeException e) {
      memo.forget(key);
      metrics
          .controllerRuntime()
          .recordReconcile(
              controller,
              ControllerRuntimeMetrics.Result.ERROR,
              Duration.ofNanos(System.nanoTime() - started));
      throw e;
    }
  }

  /**
   * A reconcile that {@link ReconcileMemo} found redundant: nothing it depends on changed since the
   * last successful reconcile started, and that reconcile's requeue is not due. The requeue is
   * scheduled again for what remains of it (the SDK cancels its timer after every execution).
   */
  private UpdateControl<R> skip(R resource, String key, long now) {
    skipped.incrementAndGet();
    LOG.debug(
        "{} {}: nothing it depends on changed since its last reconcile started, skipped",
        resource.getKind(),
        key);
    if (memo.neverDue(key, now)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<R>noUpdate()
        .rescheduleAfter(Math.max(1, memo.remainingNanos(key, now) / 1_000_000));
  }

  /**
   * What the reconcile of {@code resource} depends on ({@link ReconcileMemo}), or null when it must
   * run whatever the memo holds: the kind gave no {@link ReconcileInputs}, a retry after a failure,
   * a deleted object or one being deleted, or inputs the kind cannot state for this object.
   */
  private ReconcileMemo.State memoState(R resource, Context<R> context) {
    if (inputs == null
        || context.getRetryInfo().isPresent()
        || context.isPrimaryResourceDeleted()
        || resource.isMarkedForDeletion()) {
      return null;
    }
    Optional<?> own = inputs.of(resource);
    if (own.isEmpty()) {
      return null;
    }
    return new ReconcileMemo.State(
        resource.getMetadata().getUid(),
        resource.getMetadata().getGeneration(),
        requestedAt(resource).orElse(null),
        Finalizers.has(resource),
        own.get());
  }

  private static String memoKey(CustomResource<?, ?> resource) {
    return namespace(resource) + "/" + name(resource);
  }

  /**
   * How many reconciles were dropped as redundant since this reconciler was built (see {@link
   * FluxReconcilerBuilder#skipUnchanged}).
   */
  public long skippedReconciles() {
    return skipped.get();
  }

  /** An SDK control, and whether the reconcile was a clean success the memo may remember. */
  private record Handled<R extends CustomResource<?, ?>>(
      UpdateControl<R> control, boolean remember) {}

  private Handled<R> reconcileWithFields(R resource, Context<R> context) {
    if (context.isPrimaryResourceDeleted()) {
      forget(resource);
      return new Handled<>(UpdateControl.noUpdate(), false);
    }
    if (resource.isMarkedForDeletion()) {
      finalizeDeletion(resource);
      return new Handled<>(UpdateControl.noUpdate(), false);
    }
    Finalizers.add(resource, patcher);
    if (resource.getSpec() instanceof Suspendable s && s.isSuspended()) {
      metrics.recordSuspend(resource.getKind(), namespace(resource), name(resource), true);
      LOG.info(
          "{} {}/{}: reconciliation is suspended for this object",
          resource.getKind(),
          namespace(resource),
          name(resource));
      return new Handled<>(UpdateControl.noUpdate(), false);
    }
    metrics.recordSuspend(resource.getKind(), namespace(resource), name(resource), false);
    Result result = reconcileOnce(resource);
    boolean clean =
        result.error() == null
            || (result.error() instanceof ReconcileError.Generic generic && generic.ignored());
    return new Handled<>(toControl(result), clean);
  }

  /** The outcome of one reconcile of a live object, before it becomes an SDK control. */
  record Result(RequeueDecision decision, ReconcileError error, boolean patched) {}

  /** Runs the steps and writes status, events and metrics; see the class comment. */
  Result reconcileOnce(R resource) {
    long started = System.nanoTime();
    FluxStatus status = ensureStatus(resource);
    JsonNode before = JSON.convertValue(status, JsonNode.class);
    Conditions conditions = Conditions.of(status, resource.getMetadata().getGeneration(), clock);
    Optional<Condition> readyBefore = conditions.get(ConditionTypes.READY);
    ConditionTable table = kind.conditions(resource);

    StatusSummarizer.begin(status, conditions, resource.getMetadata().getGeneration());
    ReconcileContext<R> context = new ReconcileContext<>(resource, conditions, events);
    // What the API server holds: the status as read, then as written by each patchStatus().
    JsonNode[] written = {before};
    context.statusWriter(
        () -> {
          JsonNode now = maskedJson(status, context.secrets());
          statusPatcher
              .patch(resource, written[0], now)
              .ifPresent(resource.getMetadata()::setResourceVersion);
          written[0] = now;
        });
    kind.eventMetadata(resource).forEach(context::annotateEvents);
    Duration interval = null;
    Duration retryInterval = null;
    StepRunner.Outcome outcome;
    try {
      interval = kind.interval(resource);
      retryInterval = kind.retryInterval(resource);
      outcome = StepRunner.run(kind.steps(), context);
    } catch (IllegalArgumentException invalid) {
      // Only the intervals can throw here: StepRunner reports step failures in its outcome.
      outcome =
          new StepRunner.Outcome(
              StepResult.EMPTY,
              new ReconcileError.Stalling(
                  Reasons.INVALID_SPEC, "invalid interval: " + invalid.getMessage()),
              "interval");
    }
    RequeueDecision decision =
        StatusSummarizer.finish(
            status,
            conditions,
            table,
            outcome,
            interval == null ? Duration.ZERO : interval,
            retryInterval == null ? Duration.ZERO : retryInterval,
            requestedAt(resource),
            context.success(),
            kind.progressingWithRetryOnFailure());
    maskSecrets(status, context.secrets());

    JsonNode after = JSON.convertValue(status, JsonNode.class);
    boolean patched = false;
    try {
      Optional<String> version = statusPatcher.patch(resource, written[0], after);
      version.ifPresent(resource.getMetadata()::setResourceVersion);
      patched = version.isPresent();
    } finally {
      recordEvent(
          context,
          outcome.error(),
          readyBefore,
          conditions.get(ConditionTypes.READY),
          Duration.ofNanos(System.nanoTime() - started),
          interval);
      metrics.recordCondition(
          resource.getKind(),
          namespace(resource),
          name(resource),
          ConditionTypes.READY,
          conditions.get(ConditionTypes.READY).orElse(null));
      metrics.recordDuration(
          resource.getKind(),
          namespace(resource),
          name(resource),
          Duration.ofNanos(System.nanoTime() - started));
    }
    log(
        resource,
        outcome,
        decision,
        Duration.ofNanos(System.nanoTime() - started),
        context.secrets());
    return new Result(decision, outcome.error(), patched);
  }

  private UpdateControl<R> toControl(Result result) {
    return switch (result.decision().mode()) {
      case NONE -> UpdateControl.noUpdate();
      case AFTER ->
          UpdateControl.<R>noUpdate()
              .rescheduleAfter(
                  result.error() == null
                      ? jitter.apply(result.decision().delay())
                      : result.decision().delay());
      case BACKOFF -> throw result.error();
    };
  }

  private void finalizeDeletion(R resource) {
    if (!Finalizers.has(resource)) {
      return;
    }
    try {
      kind.cleanup(resource);
    } catch (Exception e) {
      ReconcileError error = ReconcileError.from(e);
      // A cleanup failure is always a failure: Warning, unless the error asks for no event.
      if (error.event().isPresent()) {
        events.record(resource, EventType.WARNING, error.reason(), error.getMessage());
      }
      if (!(error instanceof ReconcileError.Generic generic && generic.ignored())) {
        throw error;
      }
      LOG.warn(
          "{} {}/{}: finalizing despite cleanup failure ({}): {}",
          resource.getKind(),
          namespace(resource),
          name(resource),
          error.reason(),
          SecretRedaction.redact(error.getMessage()));
    }
    Finalizers.remove(resource, patcher);
    forget(resource);
  }

  private void forget(R resource) {
    metrics.forget(resource.getKind(), namespace(resource), name(resource));
    events.forget(resource);
  }

  /**
   * Records at most one event: the error's event if it asks for one, otherwise a Normal event when
   * {@code Ready} became True (or its message changed while True), or a Warning when it became
   * False. Unknown (in progress) records nothing.
   */
  private void recordEvent(
      ReconcileContext<R> context,
      ReconcileError error,
      Optional<Condition> before,
      Optional<Condition> after,
      Duration took,
      Duration interval) {
    if (error != null) {
      error.event().ifPresent(type -> context.event(type, error.reason(), error.eventMessage()));
      return;
    }
    if (after.isEmpty() || after.get().getStatus() == Condition.Status.Unknown) {
      return;
    }
    Condition ready = after.get();
    Optional<Map<String, String>> success =
        ready.isTrue() && interval != null
            ? kind.successEventMetadata(context.resource())
            : Optional.empty();
    if (success.isPresent()) {
      success.get().forEach(context::annotateEvents);
      context.event(
          EventType.NORMAL,
          ready.getReason(),
          "Reconciliation finished in "
              + GoDuration.format(took)
              + ", next run in "
              + GoDuration.format(interval));
      return;
    }
    boolean changed =
        before.isEmpty()
            || before.get().getStatus() != ready.getStatus()
            || !Objects.equals(before.get().getMessage(), ready.getMessage());
    if (changed) {
      EventType type = ready.isTrue() ? EventType.NORMAL : EventType.WARNING;
      context.event(type, ready.getReason(), ready.getMessage());
    }
  }

  /** The status as JSON with secrets masked in condition messages; {@code status} unchanged. */
  private static JsonNode maskedJson(FluxStatus status, List<String> secrets) {
    JsonNode json = JSON.convertValue(status, JsonNode.class);
    JsonNode conditions = json.get("conditions");
    if (conditions != null && conditions.isArray()) {
      for (JsonNode c : conditions) {
        if (c instanceof ObjectNode o && o.get("message") != null && o.get("message").isTextual()) {
          o.put("message", SecretRedaction.redact(o.get("message").asText(), secrets));
        }
      }
    }
    return json;
  }

  private static void maskSecrets(FluxStatus status, List<String> secrets) {
    if (status.getConditions() == null) {
      return;
    }
    for (Condition c : status.getConditions()) {
      c.setMessage(SecretRedaction.redact(c.getMessage(), secrets));
    }
  }

  /**
   * Logs the outcome: a success, or a no-op ({@link ReconcileError.Generic#ignored()}, e.g. "no
   * changes since last reconciliation") at info, a failure at warn, with the reconcile's secrets
   * masked.
   */
  private void log(
      R resource,
      StepRunner.Outcome outcome,
      RequeueDecision decision,
      Duration took,
      List<String> secrets) {
    String next =
        switch (decision.mode()) {
          case NONE -> "no requeue";
          case AFTER -> "next run in " + GoDuration.format(decision.delay());
          case BACKOFF -> "retrying with backoff";
        };
    if (outcome.error() == null) {
      LOG.info(
          "{} {}/{}: reconciliation finished in {}, {}",
          resource.getKind(),
          namespace(resource),
          name(resource),
          GoDuration.format(took),
          next);
    } else if (outcome.error() instanceof ReconcileError.Generic generic && generic.ignored()) {
      LOG.info(
          "{} {}/{}: reconciliation finished in {} ({}): {}; {}",
          resource.getKind(),
          namespace(resource),
          name(resource),
          GoDuration.format(took),
          generic.reason(),
          SecretRedaction.redact(generic.getMessage(), secrets),
          next);
    } else {
      LOG.warn(
          "{} {}/{} step {} failed ({}): {}; {}",
          resource.getKind(),
          namespace(resource),
          name(resource),
          outcome.failedStep(),
          outcome.error().reason(),
          SecretRedaction.redact(outcome.error().getMessage(), secrets),
          next);
    }
  }

  private static Optional<String> requestedAt(CustomResource<?, ?> resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : Optional.ofNullable(annotations.get(Annotations.RECONCILE_REQUESTED_AT));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static FluxStatus ensureStatus(CustomResource<?, ? extends FluxStatus> resource) {
    if (resource.getStatus() != null) {
      return resource.getStatus();
    }
    Class<?> statusType =
        TypeFactory.defaultInstance()
            .constructType(resource.getClass())
            .findTypeParameters(CustomResource.class)[1]
            .getRawClass();
    try {
      FluxStatus status = (FluxStatus) statusType.getDeclaredConstructor().newInstance();
      ((CustomResource) resource).setStatus(status);
      return status;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "status type " + statusType.getName() + " needs a public no-arg constructor", e);
    }
  }

  private static String namespace(CustomResource<?, ?> resource) {
    return resource.getMetadata().getNamespace();
  }

  private static String name(CustomResource<?, ?> resource) {
    return resource.getMetadata().getName();
  }
}
