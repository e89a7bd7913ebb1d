package io.capstan.runtime.testkind;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The part of the SDK's reconcile context the runtime reads: whether the primary was deleted.
 * Everything else is unsupported, so a test fails loudly if the runtime starts depending on it.
 */
public final class TestContext<P extends HasMetadata> implements Context<P> {

  private final boolean deleted;
  private final boolean retrying;

  private TestContext(boolean deleted) {
    this(deleted, false);
  }

  private TestContext(boolean deleted, boolean retrying) {
    this.deleted = deleted;
    this.retrying = retrying;
  }

  /** A context for a live object whose previous reconcile failed (the SDK's retry). */
  public static <P extends HasMetadata> TestContext<P> retrying() {
    return new TestContext<>(false, true);
  }

  /** A context for a live object. */
  public static <P extends HasMetadata> TestContext<P> live() {
    return new TestContext<>(false);
  }

  /** A context for the event that the object is gone. */
  public static <P extends HasMetadata> TestContext<P> deleted() {
    return new TestContext<>(true);
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return deleted;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    if (!retrying) {
      return Optional.empty();
    }
    return Optional.of(
        new RetryInfo() {
          @Override
          public int getAttemptCount() {
            return 1;
          }

          @Override
          public boolean isLastAttempt() {
            return false;
          }
        });
  }

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> type) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> type, String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ControllerConfiguration<P> getControllerConfiguration() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw new UnsupportedOperationException();
  }

  @Override
  public EventSourceRetriever<P> eventSourceRetriever() {
    throw new UnsupportedOperationException();
  }

  @Override
  public KubernetesClient getClient() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw new UnsupportedOperationException();
  }

  @Override
  public P getPrimaryResource() {
    throw new UnsupportedOperationException();
  }

  @Override
  public IndexedResourceCache<P> getPrimaryCache() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }
}
