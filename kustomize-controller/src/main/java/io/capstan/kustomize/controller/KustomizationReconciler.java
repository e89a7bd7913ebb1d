package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.GroupVersion;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationSpec;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.kustomize.controller.build.BuildExtension;
import io.capstan.kustomize.controller.build.KustomizeBuild;
import io.capstan.kustomize.controller.cluster.ClusterSync;
import io.capstan.kustomize.controller.cluster.RemoteClusterAccess;
import io.capstan.kustomize.controller.cluster.TargetCluster;
import io.capstan.kustomize.controller.dependencies.DependsOn;
import io.capstan.kustomize.controller.status.InventoryStatus;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.cluster.ImpersonatedClients;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.inventory.DeletionPolicy;
import io.capstan.runtime.inventory.Inventory;
import io.capstan.runtime.inventory.Pruner;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kustomization kind for the runtime's {@code FluxReconciler}: its condition table ({@link
 * KustomizationConditions}), its intervals, its deletion, and a fresh {@link KustomizationRun} per
 * reconcile whose named steps do the work (decryption keys → source → build → apply → prune →
 * health → history). Holds what outlives a reconcile: the clients per impersonated account, the
 * build, the options.
 */
public final class KustomizationReconciler implements KindReconciler<Kustomization>, AutoCloseable {

  /** The field manager and controller name. */
  public static final String CONTROLLER_NAME = "kustomize-controller";

  private static final Logger LOG = LoggerFactory.getLogger(KustomizationReconciler.class);

  /**
   * The controller-wide options, named after Flux's flags.
   *
   * @param defaultServiceAccount {@code --default-service-account}: impersonated when a
   *     Kustomization sets no {@code serviceAccountName} (null or empty: none)
   * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}: a {@code sourceRef} or {@code
   *     dependsOn} in another namespace stalls with {@code AccessDenied}
   * @param requeueDependency {@code --requeue-dependency}: the retry delay while a dependency is
   *     not ready or the source has no artifact yet
   * @param sopsAgeSecret {@code --sops-age-secret} as {@code namespace/name}: age keys for a {@code
   *     spec.decryption} without {@code secretRef} (null: none)
   * @param noRemoteBases {@code --no-remote-bases}: Git repositories in {@code resources} and
   *     {@code components} fail the build (single files over HTTP(S) still load, as in Flux)
   * @param remoteClusters {@code --insecure-kubeconfig-exec}, {@code --insecure-kubeconfig-tls} and
   *     the workload identity settings for {@code spec.kubeConfig}
   */
  public record Options(
      String defaultServiceAccount,
      boolean noCrossNamespaceRefs,
      Duration requeueDependency,
      String sopsAgeSecret,
      boolean noRemoteBases,
      RemoteClusterAccess remoteClusters) {

    /** Flux's defaults: no default service account, cross-namespace references allowed, 30s. */
    public static final Options DEFAULTS =
        new Options(null, false, Duration.ofSeconds(30), null, false, RemoteClusterAccess.DEFAULTS);

    /** The same with {@code --no-remote-bases} set to {@code noRemoteBases}. */
    public Options withNoRemoteBases(boolean noRemoteBases) {
      return new Options(
          defaultServiceAccount,
          noCrossNamespaceRefs,
          requeueDependency,
          sopsAgeSecret,
          noRemoteBases,
          remoteClusters);
    }

    /** The same with {@code remoteClusters}. */
    public Options withRemoteClusters(RemoteClusterAccess remoteClusters) {
      return new Options(
          defaultServiceAccount,
          noCrossNamespaceRefs,
          requeueDependency,
          sopsAgeSecret,
          noRemoteBases,
          remoteClusters);
    }

    /** Checks the delay. */
    public Options {
      remoteClusters = remoteClusters == null ? RemoteClusterAccess.DEFAULTS : remoteClusters;
      if (requeueDependency == null
          || requeueDependency.isNegative()
          || requeueDependency.isZero()) {
        throw new IllegalArgumentException("requeueDependency must be positive");
      }
    }
  }

  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final ImpersonatedClients clients;
  private final Options options;
  private final DependsOn dependsOn;
  private final KustomizeBuild build;
  private final boolean externalArtifact;

  /** A reconciler reading sources and applying objects through {@code client}, Flux's defaults. */
  public KustomizationReconciler(KubernetesClient client, ArtifactFetcher fetcher) {
    this(client, fetcher, Options.DEFAULTS, FeatureGates.DEFAULTS);
  }

  /**
   * A reconciler reading sources through {@code client}, with the controller-wide options and
   * feature gates.
   */
  public KustomizationReconciler(
      KubernetesClient client, ArtifactFetcher fetcher, Options options, FeatureGates features) {
    this(client, fetcher, options, features, List.of());
  }

  /**
   * As {@link #KustomizationReconciler(KubernetesClient, ArtifactFetcher, Options, FeatureGates)},
   * with {@code extensions} hooked into every build (before kustomize reads the tree and after it
   * built the objects; see {@link BuildExtension}).
   */
  public KustomizationReconciler(
      KubernetesClient client,
      ArtifactFetcher fetcher,
      Options options,
      FeatureGates features,
      List<BuildExtension> extensions) {
    this.client = Objects.requireNonNull(client, "client");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(features, "features");
    this.clients = new ImpersonatedClients(client);
    this.dependsOn =
        new DependsOn(
            client,
            options.noCrossNamespaceRefs(),
            options.requeueDependency(),
            features.additiveCelDependencyCheck());
    this.build =
        new KustomizeBuild(
            client, features.strictPostBuildSubstitutions(), extensions, options.noRemoteBases());
    this.externalArtifact = features.externalArtifact();
  }

  /** Closes the impersonating clients built for service accounts (not the controller's client). */
  @Override
  public void close() {
    clients.close();
  }

  @Override
  public ConditionTable conditions() {
    return KustomizationConditions.table();
  }

  /** A new {@link KustomizationRun}'s steps: one run per reconcile. */
  @Override
  public List<Step<ReconcileContext<Kustomization>>> steps() {
    return new KustomizationRun(this).steps();
  }

  @Override
  public Duration interval(Kustomization resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  /** {@code spec.retryInterval}, else {@code spec.interval} (Flux's default). */
  @Override
  public Duration retryInterval(Kustomization resource) {
    String retry = resource.getSpec().getRetryInterval();
    return retry == null || retry.isEmpty() ? interval(resource) : GoDuration.parse(retry);
  }

  @Override
  public Map<String, String> eventMetadata(Kustomization resource) {
    KustomizationStatus status = resource.getStatus();
    return status == null || status.getLastAttemptedRevision() == null
        ? Map.of()
        : Map.of("revision", status.getLastAttemptedRevision());
  }

  /**
   * Flux's event after every successful reconcile, changes or not: "Reconciliation finished in ...,
   * next run in ..." with {@code kustomize.toolkit.fluxcd.io/commit_status: update}, the metadata
   * notification-controller's commit-status providers (GitHub, GitLab, ...) act on.
   */
  @Override
  public Optional<Map<String, String>> successEventMetadata(Kustomization resource) {
    return Optional.of(Map.of(COMMIT_STATUS, "update"));
  }

  /** Flux's event metadata key for commit-status updates ({@code eventv1.MetaCommitStatusKey}). */
  static final String COMMIT_STATUS = "commit_status";

  /**
   * Applies {@code deletionPolicy} to the inventory with the Kustomization's identity and cluster
   * (impersonation, kubeConfig). A suspended Kustomization deletes nothing; when the service
   * account to impersonate is gone the objects are left and logged, as Flux does, so the finalizer
   * can go.
   */
  @Override
  public void cleanup(Kustomization resource) {
    KustomizationSpec spec = resource.getSpec();
    Inventory inventory = InventoryStatus.of(resource);
    if (inventory.entries().isEmpty() || Boolean.TRUE.equals(spec.getSuspend())) {
      return;
    }
    if (!TargetCluster.canImpersonate(client, resource, options.defaultServiceAccount())) {
      LOG.error(
          "Kustomization {}/{}: skipping pruning, failed to find account to impersonate;"
              + " unable to prune objects: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          inventory.refs());
      return;
    }
    DeletionPolicy policy =
        DeletionPolicy.parse(
            spec.getDeletionPolicy() == null ? null : spec.getDeletionPolicy().name());
    try (TargetCluster target =
        TargetCluster.open(
            clients, resource, options.defaultServiceAccount(), options.remoteClusters())) {
      new Pruner(target.applier().resources(), ClusterSync.owner(resource), GroupVersion.GROUP)
          .deleteForPolicy(
              inventory, policy, Boolean.TRUE.equals(spec.getPrune()), timeout(resource));
    } catch (Pruner.PruneException e) {
      if (!e.terminationTimedOut()) {
        throw e;
      }
      // Flux gives up waiting after spec.timeout: a Warning event, and the finalizer goes.
      throw new ReconcileError.Generic(
              KustomizationConditions.PRUNE_FAILED,
              "failed to wait for resources termination: " + e.getMessage())
          .ignoring();
    }
  }

  /** {@code spec.timeout}, else {@code spec.interval}. */
  static Duration timeout(Kustomization k) {
    String timeout = k.getSpec().getTimeout();
    return GoDuration.parse(
        timeout == null || timeout.isEmpty() ? k.getSpec().getInterval() : timeout);
  }

  KubernetesClient client() {
    return client;
  }

  ArtifactFetcher fetcher() {
    return fetcher;
  }

  ImpersonatedClients clients() {
    return clients;
  }

  /** Whether Flux's {@code ExternalArtifact} feature gate is on. */
  boolean externalArtifact() {
    return externalArtifact;
  }

  Options options() {
    return options;
  }

  DependsOn dependsOn() {
    return dependsOn;
  }

  KustomizeBuild build() {
    return build;
  }
}
