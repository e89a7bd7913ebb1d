package io.capstan.runtime.controller;

import io.fabric8.kubernetes.client.CustomResource;
import java.util.Optional;

/**
 * What one reconcile of an object depends on besides what every kind depends on (its uid,
 * generation, {@code reconcile.fluxcd.io/requestedAt} annotation and {@code finalizers.fluxcd.io}
 * finalizer), as a value compared with {@code equals}: the artifact of the source it consumes, the
 * {@code forceAt}/{@code resetAt} annotations, the state of a watched object. Given to {@link
 * FluxReconcilerBuilder#skipUnchanged}, it lets {@link FluxReconciler} drop a reconcile that the
 * Java Operator SDK runs only because an event arrived while the object waited for a worker (see
 * {@link ReconcileMemo}).
 *
 * <p>Every event that can make the object's reconcile come out differently must change this value,
 * or the function must return {@link Optional#empty()} for that object, which always reconciles it
 * (for example an object with {@code dependsOn}: its dependency becoming ready is an event with no
 * state here).
 *
 * @param <R> the custom resource
 */
@FunctionalInterface
public interface ReconcileInputs<R extends CustomResource<?, ?>> {

  /** The kind-specific inputs of reconciling {@code resource}, or empty to always reconcile it. */
  Optional<?> of(R resource);

  /** Nothing besides what every kind depends on: a kind with no watch but its own objects. */
  static <R extends CustomResource<?, ?>> ReconcileInputs<R> none() {
    return resource -> Optional.of(Boolean.TRUE);
  }
}
