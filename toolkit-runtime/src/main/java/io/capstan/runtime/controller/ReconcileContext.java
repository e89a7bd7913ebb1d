package io.capstan.runtime.controller;

import io.capstan.api.meta.FluxStatus;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.conditions.ReadySummarizer;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.EventType;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the steps of one reconcile share: the object (with its in-memory status), its conditions, a
 * way to record events, and two hints for the end of the reconcile: the {@code Ready=True} summary
 * and secret values to mask in messages.
 *
 * @param <R> the custom resource
 */
public final class ReconcileContext<R extends CustomResource<?, ? extends FluxStatus>> {

  private final R resource;
  private final Conditions conditions;
  private final EventRecorder events;
  private final Map<String, String> eventMetadata = new LinkedHashMap<>();
  private final List<String> secrets = new ArrayList<>();
  private ReadySummarizer.Summary success;
  private Runnable statusWriter = () -> {};

  /** A context for reconciling {@code resource}. */
  public ReconcileContext(R resource, Conditions conditions, EventRecorder events) {
    this.resource = Objects.requireNonNull(resource, "resource");
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** The object being reconciled; its status is the in-memory status that will be patched. */
  public R resource() {
    return resource;
  }

  /**
   * Writes the in-memory status to the API server now, before the reconcile ends (with secrets
   * masked, only if it changed since the last write), as Flux's helm-controller does before each
   * long Helm action so that users see {@code Reconciling=True} "Running 'install' action ...". The
   * end-of-reconcile summary and patch still happen as usual. A no-op for a context not made by
   * {@link FluxReconciler}.
   *
   * @throws RuntimeException when the API server refuses the write
   */
  public void patchStatus() {
    statusWriter.run();
  }

  /** Set by {@link FluxReconciler}: how {@link #patchStatus()} writes. */
  void statusWriter(Runnable writer) {
    this.statusWriter = Objects.requireNonNull(writer, "writer");
  }

  /** The object's conditions, observed at its current generation. */
  public Conditions conditions() {
    return conditions;
  }

  /**
   * Sets the {@code Ready=True} reason and message used if this reconcile succeeds (e.g. {@code
   * ReconciliationSucceeded}, "Applied revision: main@sha1:...").
   */
  public void succeededWith(String reason, String message) {
    this.success = new ReadySummarizer.Summary(reason, message);
  }

  /** The success summary set by a step, if any. */
  public Optional<ReadySummarizer.Summary> success() {
    return Optional.ofNullable(success);
  }

  /**
   * Masks {@code value} (a password, a token) wherever it appears in messages of this reconcile.
   */
  public void redact(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.add(value);
    }
  }

  /** The literal secret values registered with {@link #redact}. */
  public List<String> secrets() {
    return List.copyOf(secrets);
  }

  /** Adds metadata (e.g. {@code revision}) to every event recorded for this reconcile. */
  public void annotateEvents(String key, String value) {
    eventMetadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** The metadata added with {@link #annotateEvents}. */
  public Map<String, String> eventMetadata() {
    return Map.copyOf(eventMetadata);
  }

  /**
   * Records an event about the object now (e.g. "stored artifact for revision ..."), with this
   * reconcile's event metadata and secrets masked. Returns false when it was rate-limited.
   */
  public boolean event(EventType type, String reason, String message) {
    return events.record(resource, type, reason, message, eventMetadata, secrets);
  }
}
