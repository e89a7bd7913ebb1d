package io.capstan.source.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.HelmRepositoryStatus;
import io.capstan.api.source.v1.HelmRepositoryType;
import io.capstan.api.source.v1.OCIProvider;
import io.capstan.runtime.controller.Finalizers;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.kube.ResourcePatcher;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java Operator SDK reconciler for HelmRepository. {@code type: default} objects go to the
 * runtime's {@link FluxReconciler} ({@link HelmRepositoryReconciler}). {@code type: oci} objects
 * are static, as in Flux since v2.3 ({@code migrationToStatic}): the HelmChart pulling from the
 * registry does the work, so the controller only removes its finalizer, artifacts and status from
 * an OCI HelmRepository that still carries them, and never adds them. The exception is Capstan's:
 * an OCI {@code provider} other than {@code generic} goes to the Flux reconciler, which stalls it
 * with {@code InvalidProviderConfiguration} ("not supported yet") so the user sees why HelmCharts
 * of it cannot pull.
 */
public final class HelmRepositoryController implements Reconciler<HelmRepository> {

  private static final Logger LOG = LoggerFactory.getLogger(HelmRepositoryController.class);

  private final FluxReconciler<HelmRepository> delegate;
  private final HelmRepositoryReconciler kind;
  private final ResourcePatcher patcher;

  /**
   * Wraps {@code delegate} (built on {@code kind}); static OCI objects are written by {@code
   * patcher}.
   */
  public HelmRepositoryController(
      FluxReconciler<HelmRepository> delegate,
      HelmRepositoryReconciler kind,
      ResourcePatcher patcher) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.patcher = Objects.requireNonNull(patcher, "patcher");
  }

  @Override
  public UpdateControl<HelmRepository> reconcile(
      HelmRepository resource, Context<HelmRepository> context) throws Exception {
    if (isStaticOci(resource)) {
      migrateToStatic(resource);
      return UpdateControl.noUpdate();
    }
    return delegate.reconcile(resource, context);
  }

  /** An OCI HelmRepository with the generic provider: Flux keeps no state for it. */
  static boolean isStaticOci(HelmRepository repo) {
    if (repo.getSpec() == null || repo.getSpec().getType() != HelmRepositoryType.OCI) {
      return false;
    }
    OCIProvider provider = repo.getSpec().getProvider();
    return provider == null || provider == OCIProvider.generic;
  }

  /**
   * Flux's {@code migrationToStatic}: skipped while suspended (unless deleted); otherwise, when the
   * object still has the finalizer or a status, its artifacts are deleted, the finalizer removed
   * and the status emptied.
   */
  private void migrateToStatic(HelmRepository repo) throws Exception {
    boolean deleting = repo.isMarkedForDeletion();
    if (Boolean.TRUE.equals(repo.getSpec().getSuspend()) && !deleting) {
      return;
    }
    boolean hasStatus = hasStatus(repo.getStatus());
    if (!Finalizers.has(repo) && !hasStatus) {
      return;
    }
    kind.removeArtifacts(repo);
    if (Finalizers.has(repo)) {
      Finalizers.remove(repo, patcher);
    }
    if (hasStatus && !deleting) {
      ObjectNode status = JsonNodeFactory.instance.objectNode();
      for (String field :
          new String[] {
            "observedGeneration", "conditions", "url", "artifact", "lastHandledReconcileAt"
          }) {
        status.putNull(field);
      }
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.set("status", status);
      patcher.patchStatus(repo, patch);
    }
    LOG.info(
        "HelmRepository {}/{}: type 'oci' is static, finalizer and status removed",
        repo.getMetadata().getNamespace(),
        repo.getMetadata().getName());
  }

  private static boolean hasStatus(HelmRepositoryStatus status) {
    return status != null
        && (status.getObservedGeneration() != null
            || (status.getConditions() != null && !status.getConditions().isEmpty())
            || status.getArtifact() != null
            || status.getUrl() != null
            || status.getLastHandledReconcileAt() != null);
  }
}
