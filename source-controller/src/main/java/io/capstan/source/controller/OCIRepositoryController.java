package io.capstan.source.controller;

import io.capstan.api.source.v1.OCIRepository;
import io.capstan.runtime.controller.FluxReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/** The Java Operator SDK reconciler for OCIRepository: the runtime's {@link FluxReconciler}. */
public final class OCIRepositoryController implements Reconciler<OCIRepository> {

  private final FluxReconciler<OCIRepository> delegate;

  /** Wraps {@code delegate}. */
  public OCIRepositoryController(FluxReconciler<OCIRepository> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public UpdateControl<OCIRepository> reconcile(
      OCIRepository resource, Context<OCIRepository> context) throws Exception {
    return delegate.reconcile(resource, context);
  }
}
