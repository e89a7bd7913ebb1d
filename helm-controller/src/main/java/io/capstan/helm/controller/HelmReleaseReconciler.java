package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.api.meta.KubeConfigReference;
import io.capstan.api.meta.Reasons;
import io.capstan.helm.action.ActionConfig;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.ActionPhases;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.controller.chart.ChartSource;
import io.capstan.helm.controller.values.ClusterValuesSource;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.cluster.ImpersonatedClients;
import io.capstan.runtime.cluster.RemoteKubeConfig;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HelmRelease kind for the runtime's {@code FluxReconciler}: its condition table ({@link
 * HelmReleaseConditions}), its interval, its deletion (uninstall with {@code spec.uninstall}, and
 * the HelmChart created from {@code spec.chart} removed), and a fresh {@link HelmReleaseRun} per
 * reconcile. Holds what outlives a reconcile: the clients per impersonated account and the Helm
 * actions per (account, storage namespace).
 */
public final class HelmReleaseReconciler implements KindReconciler<HelmRelease>, AutoCloseable {

  /** The field manager and controller name. */
  public static final String CONTROLLER_NAME = "helm-controller";

  private static final Logger LOG = LoggerFactory.getLogger(HelmReleaseReconciler.class);

  /**
   * The controller-wide options, named after Flux's flags.
   *
   * @param defaultServiceAccount {@code --default-service-account} (null or empty: none)
   * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}
   * @param requeueDependency {@code --requeue-dependency}: retry delay while the chart source has
   *     no artifact
   * @param defaultToRetryOnFailure the {@code DefaultToRetryOnFailure} feature gate
   * @param additiveCelDependencyCheck the {@code AdditiveCELDependencyCheck} feature gate: a {@code
   *     dependsOn[].readyExpr} must hold in addition to the built-in readiness check
   * @param useHelm3Defaults the {@code UseHelm3Defaults} feature gate: {@code postRenderStrategy}
   *     defaults to {@code nohooks}, {@code waitStrategy} to {@code legacy}
   * @param disableChartDigestTracking the {@code DisableChartDigestTracking} feature gate
   */
  public record Options(
      String defaultServiceAccount,
      boolean noCrossNamespaceRefs,
      Duration requeueDependency,
      boolean defaultToRetryOnFailure,
      boolean additiveCelDependencyCheck,
      boolean useHelm3Defaults,
      boolean disableChartDigestTracking) {

    /** Flux's defaults. */
    public static final Options DEFAULTS =
        new Options(null, false, Duration.ofSeconds(5), false, false, false, false);

    /** Checks the delay. */
    public Options {
      if (requeueDependency == null
          || requeueDependency.isNegative()
          || requeueDependency.isZero()) {
        throw new IllegalArgumentException("requeueDependency must be positive");
      }
    }
  }

  /** Where one reconcile runs its Helm actions; closes a remote cluster's client. */
  record Target(HelmActions actions, KubernetesClient remote) implements AutoCloseable {
    @Override
    public void close() {
      if (remote != null) {
        remote.close();
      }
    }
  }

  private final KubernetesClient client;
  private final ImpersonatedClients clients;
  private final Options options;
  private final ChartSource chartSource;
  private final Map<String, HelmActions> actions = new ConcurrentHashMap<>();
  private final AtomicInteger actionClients = new AtomicInteger();
  private volatile ActionPhases phases = ActionPhases.NONE;

  /** A reconciler with Flux's defaults. */
  public HelmReleaseReconciler(KubernetesClient client, ArtifactFetcher fetcher) {
    this(client, fetcher, Options.DEFAULTS);
  }

  /** A reconciler reading sources and values through {@code client}. */
  public HelmReleaseReconciler(KubernetesClient client, ArtifactFetcher fetcher, Options options) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.clients = new ImpersonatedClients(client);
    this.chartSource =
        new ChartSource(
            client, fetcher, options.noCrossNamespaceRefs(), options.requeueDependency());
  }

  /**
   * Reports the duration of each reconcile step, status write and Helm action phase to {@code
   * phases} (the controller: {@link ReleasePhaseTimers}); returns this.
   */
  public HelmReleaseReconciler phases(ActionPhases phases) {
    this.phases = phases == null ? ActionPhases.NONE : phases;
    return this;
  }

  ActionPhases phases() {
    return phases;
  }

  @Override
  public void close() {
    clients.close();
    actions.clear();
  }

  @Override
  public ConditionTable conditions() {
    return HelmReleaseConditions.table();
  }

  @Override
  public ConditionTable conditions(HelmRelease resource) {
    return HelmReleaseConditions.table(resource);
  }

  @Override
  public List<Step<ReconcileContext<HelmRelease>>> steps() {
    return new HelmReleaseRun(this).steps();
  }

  /**
   * Flux's helm-controller has no end-of-reconcile rule for {@code Reconciling}: while a dependency
   * or the source is awaited it stays {@code Progressing "Fulfilling prerequisites"}; the release
   * steps set {@code ProgressingWithRetry} themselves.
   */
  @Override
  public boolean progressingWithRetryOnFailure() {
    return false;
  }

  @Override
  public Duration interval(HelmRelease resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public Map<String, String> eventMetadata(HelmRelease resource) {
    HelmReleaseStatus status = resource.getStatus();
    Map<String, String> meta = new LinkedHashMap<>();
    if (status != null && status.getLastAttemptedRevision() != null) {
      meta.put("revision", status.getLastAttemptedRevision());
    }
    if (status != null && status.getLastAttemptedConfigDigest() != null) {
      meta.put("token", status.getLastAttemptedConfigDigest());
    }
    return meta;
  }

  /**
   * On deletion (unless suspended): uninstalls the release this HelmRelease made, with {@code
   * spec.uninstall}'s options, and deletes the HelmChart created from {@code spec.chart}.
   */
  @Override
  public void cleanup(HelmRelease resource) throws Exception {
    if (Boolean.TRUE.equals(resource.getSpec().getSuspend())) {
      return;
    }
    HelmReleaseStatus status = resource.getStatus();
    if (status != null && status.getHistory() != null && !status.getHistory().isEmpty()) {
      try (Target target = target(resource)) {
        String name = ReleaseNames.releaseName(resource);
        if (target.actions().config().storage().last(name).isPresent()) {
          target.actions().uninstall(ReleaseRequests.uninstall(resource, "Deletion requested"));
        }
      } catch (ActionException e) {
        throw new ReconcileError.Generic(
            HelmReleaseConditions.UNINSTALL_FAILED,
            "Helm uninstall failed for release "
                + ReleaseNames.releaseNamespace(resource)
                + "/"
                + ReleaseNames.releaseName(resource)
                + ": "
                + e.getMessage());
      }
    }
    if (status != null && status.getHelmChart() != null && !status.getHelmChart().isEmpty()) {
      chartSource.deleteChart(status.getHelmChart());
    }
  }

  /**
   * The Helm actions for {@code hr}: on a remote cluster from {@code spec.kubeConfig} (a client for
   * this reconcile only), else on the controller's cluster as {@code spec.serviceAccountName} (or
   * {@code --default-service-account}), with the release storage in {@code spec.storageNamespace}.
   */
  Target target(HelmRelease hr) {
    return target(hr, ReleaseNames.storageNamespace(hr));
  }

  /** {@link #target(HelmRelease)} with the release storage in {@code storageNamespace}. */
  Target target(HelmRelease hr, String storageNamespace) {
    KubeConfigReference kubeConfig = hr.getSpec().getKubeConfig();
    if (kubeConfig != null && kubeConfig.getSecretRef() != null) {
      KubernetesClient remote = ImpersonatedClients.build(remoteConfig(hr, kubeConfig));
      try {
        String user = serviceAccountUser(hr);
        if (user != null) {
          remote.close();
          io.fabric8.kubernetes.client.Config config = remoteConfig(hr, kubeConfig);
          config.setImpersonateUsername(user);
          remote = ImpersonatedClients.build(config);
        }
        return new Target(
            new HelmActions(ActionConfig.forCluster(remote, storageNamespace, CONTROLLER_NAME))
                .phases(phases),
            remote);
      } catch (RuntimeException e) {
        remote.close();
        throw new ReconcileError.Generic(
            HelmReleaseConditions.INIT_FAILED,
            "failed to initialize Helm for the remote cluster: " + e.getMessage());
      }
    }
    String user = serviceAccountUser(hr);
    KubernetesClient target = user == null ? client : clients.as(user).client();
    try {
      HelmActions helm =
          actions.computeIfAbsent(
              (user == null ? "" : user) + "|" + storageNamespace,
              k ->
                  new HelmActions(
                          ActionConfig.forCluster(target, storageNamespace, CONTROLLER_NAME))
                      .phases(phases));
      return new Target(helm, null);
    } catch (RuntimeException e) {
      throw new ReconcileError.Generic(
          HelmReleaseConditions.INIT_FAILED, "failed to initialize Helm: " + e.getMessage());
    }
  }

  /**
   * {@code spec.persistentClient} (default true): whether one Kubernetes client serves every Helm
   * action of a reconcile. When false, each action gets a client of its own (see {@link
   * #actionTarget}), built and closed around it, as Flux's helm-controller does.
   */
  static boolean persistentClient(HelmRelease hr) {
    return !Boolean.FALSE.equals(hr.getSpec().getPersistentClient());
  }

  /**
   * The Helm actions for one action of {@code hr} with {@code persistentClient: false}: as {@link
   * #target} but on a Kubernetes client made for this action only (same cluster, same impersonated
   * identity), closed with the returned target.
   */
  Target actionTarget(HelmRelease hr) {
    KubeConfigReference kubeConfig = hr.getSpec().getKubeConfig();
    if (kubeConfig != null && kubeConfig.getSecretRef() != null) {
      // A remote cluster's client is already made per call.
      actionClients.incrementAndGet();
      return target(hr);
    }
    io.fabric8.kubernetes.client.Config config =
        new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).build();
    String user = serviceAccountUser(hr);
    if (user != null) {
      config.setImpersonateUsername(user);
    }
    KubernetesClient fresh = ImpersonatedClients.build(config);
    try {
      actionClients.incrementAndGet();
      return new Target(
          new HelmActions(
                  ActionConfig.forCluster(
                      fresh, ReleaseNames.storageNamespace(hr), CONTROLLER_NAME))
              .phases(phases),
          fresh);
    } catch (RuntimeException e) {
      fresh.close();
      throw new ReconcileError.Generic(
          HelmReleaseConditions.INIT_FAILED, "failed to initialize Helm: " + e.getMessage());
    }
  }

  /** How many per-action clients ({@code persistentClient: false}) were made so far. */
  int actionClientsCreated() {
    return actionClients.get();
  }

  private io.fabric8.kubernetes.client.Config remoteConfig(
      HelmRelease hr, KubeConfigReference ref) {
    Secret secret =
        client
            .secrets()
            .inNamespace(hr.getMetadata().getNamespace())
            .withName(ref.getSecretRef().getName())
            .get();
    if (secret == null || secret.getData() == null) {
      throw new ReconcileError.Waiting(
          HelmReleaseConditions.INIT_FAILED,
          "could not get KubeConfig secret '"
              + hr.getMetadata().getNamespace()
              + "/"
              + ref.getSecretRef().getName()
              + "'");
    }
    String key = ref.getSecretRef().getKey();
    String data =
        key != null && !key.isEmpty()
            ? secret.getData().get(key)
            : secret.getData().getOrDefault("value", secret.getData().get("value.yaml"));
    if (data == null) {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_SPEC,
          "KubeConfig secret '"
              + ref.getSecretRef().getName()
              + "' has no key '"
              + (key == null || key.isEmpty() ? "value' or 'value.yaml" : key)
              + "'");
    }
    try {
      return RemoteKubeConfig.parse(
          new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new ReconcileError.Stalling(Reasons.INVALID_SPEC, e.getMessage());
    }
  }

  /** {@code system:serviceaccount:<ns>:<name>} to impersonate, or null for none. */
  String serviceAccountUser(HelmRelease hr) {
    String name = hr.getSpec().getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = options.defaultServiceAccount();
    }
    return name == null || name.isEmpty()
        ? null
        : "system:serviceaccount:" + hr.getMetadata().getNamespace() + ":" + name;
  }

  /** The data of a ConfigMap or (decoded) Secret named in {@code valuesFrom}; null if absent. */
  Map<String, String> readValuesSource(String namespace, String kind, String name) {
    return new ClusterValuesSource(client, namespace).read(kind, name);
  }

  ChartSource chartSource() {
    return chartSource;
  }

  boolean noCrossNamespaceRefs() {
    return options.noCrossNamespaceRefs();
  }

  boolean defaultToRetryOnFailure() {
    return options.defaultToRetryOnFailure();
  }

  boolean additiveCelDependencyCheck() {
    return options.additiveCelDependencyCheck();
  }

  boolean useHelm3Defaults() {
    return options.useHelm3Defaults();
  }

  boolean disableChartDigestTracking() {
    return options.disableChartDigestTracking();
  }

  KubernetesClient client() {
    return client;
  }

  static Logger log() {
    return LOG;
  }
}
