package io.capstan.helm.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.common.ResourceInventory;
import io.capstan.api.common.ResourceRef;
import io.capstan.api.helm.v2.ActionStrategyName;
import io.capstan.api.helm.v2.GroupVersion;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.api.helm.v2.Install;
import io.capstan.api.helm.v2.Upgrade;
import io.capstan.api.meta.Annotations;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.Reasons;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.action.PostRenderer;
import io.capstan.helm.controller.chart.ChartSource;
import io.capstan.helm.controller.drift.ReleaseDrift;
import io.capstan.helm.controller.lifecycle.Decision;
import io.capstan.helm.controller.lifecycle.NextAction;
import io.capstan.helm.controller.lifecycle.Observation;
import io.capstan.helm.controller.lifecycle.ObservedRelease;
import io.capstan.helm.controller.lifecycle.ReleaseState;
import io.capstan.helm.controller.lifecycle.ReleaseStateMachine;
import io.capstan.helm.controller.lifecycle.Remediation;
import io.capstan.helm.controller.lifecycle.Snapshots;
import io.capstan.helm.controller.postrender.PostRenderers;
import io.capstan.helm.controller.values.ChartValues;
import io.capstan.helm.controller.values.ValuesReferenceException;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStorage;
import io.capstan.helm.release.SecretReleaseStorage;
import io.capstan.helm.release.StorageException;
import io.capstan.runtime.apply.DiffSet;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.cel.CustomHealthChecks;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.dependencies.DependencyReadiness;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.runtime.inventory.InventoryEntry;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One reconcile of one HelmRelease, as Flux's helm-controller runs it: named steps sharing what the
 * earlier ones produced (the chart, the values, the target cluster). The last step is Flux's atomic
 * release: observe the release, {@link ReleaseStateMachine#decide decide}, run the action, and
 * again, until nothing is left to do, an action kind would repeat, or a remediation ran.
 */
final class HelmReleaseRun {

  private static final int MAX_ACTIONS = 10;

  /** Phase: a status write in the middle of a reconcile (not the final one). */
  static final String PHASE_STATUS_WRITE = "status-write";

  /** When a drift correction that did not settle is tried again. */
  private static final Duration DRIFT_RETRY = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HelmReleaseReconciler owner;
  private ChartSource.LoadedChart chart;
  private Map<String, Object> values;
  private String configDigest;
  private PostRenderer postRenderer;
  private String ociDigest;
  // The HelmChart of spec.chart as read by reconcileChartTemplate when it was unchanged (no apply).
  private GenericKubernetesResource liveChart;

  HelmReleaseRun(HelmReleaseReconciler owner) {
    this.owner = owner;
  }

  /** Flux's {@code Reconciling} message at the start of every reconcile. */
  static final String FULFILLING_PREREQUISITES = "Fulfilling prerequisites";

  List<Step<ReconcileContext<HelmRelease>>> steps() {
    return List.of(
        timed("checkSpec", this::checkSpec),
        timed("reconcileChartTemplate", this::reconcileChartTemplate),
        timed("fulfillingPrerequisites", this::fulfillingPrerequisites),
        timed("checkDependencies", this::checkDependencies),
        timed("reconcileChart", this::reconcileChart),
        timed("reconcileValues", this::reconcileValues),
        timed("reconcileRelease", this::reconcileRelease));
  }

  /** A step whose duration is reported as the phase {@code step:<name>}. */
  private Step<ReconcileContext<HelmRelease>> timed(
      String name, Step.Action<ReconcileContext<HelmRelease>> action) {
    return Step.of(name, ctx -> owner.phases().time("step:" + name, () -> action.run(ctx)));
  }

  /** Writes the in-memory status now (phase {@code status-write}). */
  private void patchStatus(ReconcileContext<HelmRelease> ctx) {
    owner
        .phases()
        .time(
            PHASE_STATUS_WRITE,
            () -> {
              ctx.patchStatus();
              return null;
            });
  }

  /** Exactly one chart source, and {@code healthCheckExprs} that compile. */
  StepResult checkSpec(ReconcileContext<HelmRelease> ctx) {
    HelmReleaseSpec spec = ctx.resource().getSpec();
    if ((spec.getChart() == null) == (spec.getChartRef() == null)) {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_SPEC, "exactly one of spec.chart or spec.chartRef must be set");
    }
    try {
      CustomHealthChecks.compile(spec.getHealthCheckExprs());
    } catch (CelExpressionException e) {
      throw new ReconcileError.Stalling(Reasons.INVALID_CEL_EXPRESSION, e.getMessage());
    }
    return StepResult.SUCCESS;
  }

  /** Applies the HelmChart of {@code spec.chart} and records it in {@code status.helmChart}. */
  StepResult reconcileChartTemplate(ReconcileContext<HelmRelease> ctx) {
    ChartSource.Applied applied = owner.chartSource().reconcileTemplate(ctx.resource());
    liveChart = applied.live();
    ctx.resource().getStatus().setHelmChart(applied.reference());
    return StepResult.SUCCESS;
  }

  /**
   * As Flux's {@code reconcileRelease}: every reconcile (not only a new generation) first marks
   * {@code Reconciling=True Progressing "Fulfilling prerequisites"} and writes it to the API server
   * before the dependency, source and values checks; the condition is removed when the reconcile
   * ends released (so a no-change reconcile writes the status twice, as Flux does).
   */
  StepResult fulfillingPrerequisites(ReconcileContext<HelmRelease> ctx) {
    ctx.conditions().markReconciling(Reasons.PROGRESSING, FULFILLING_PREREQUISITES);
    if (!ctx.conditions().isTrue(ConditionTypes.READY)) {
      // Flux marks Ready=Unknown here on every reconcile, so a cleared DependencyNotReady or
      // SourceNotReady is gone while the release runs. Not over Ready=True: Capstan keeps a
      // healthy release's Ready (and its lastTransitionTime) through a no-change reconcile.
      ctx.conditions()
          .markUnknown(ConditionTypes.READY, Reasons.PROGRESSING, FULFILLING_PREREQUISITES);
    }
    patchStatus(ctx);
    return StepResult.SUCCESS;
  }

  /**
   * Every {@code dependsOn} HelmRelease is ready (toolkit-runtime's {@link DependencyReadiness}:
   * exists, observed its generation, {@code Ready=True}; a {@code readyExpr} replaces that check,
   * or must hold in addition with the {@code AdditiveCELDependencyCheck} gate), else {@code
   * Ready=False DependencyNotReady}, retried after {@code --requeue-dependency}.
   */
  StepResult checkDependencies(ReconcileContext<HelmRelease> ctx) {
    HelmRelease hr = ctx.resource();
    if (hr.getSpec().getDependsOn() == null) {
      return StepResult.SUCCESS;
    }
    Duration retry = owner.chartSource().requeueDependency();
    for (DependencyReference dependency : hr.getSpec().getDependsOn()) {
      String namespace =
          dependency.getNamespace() == null || dependency.getNamespace().isEmpty()
              ? hr.getMetadata().getNamespace()
              : dependency.getNamespace();
      if (owner.noCrossNamespaceRefs() && !namespace.equals(hr.getMetadata().getNamespace())) {
        throw new ReconcileError.Stalling(
            Reasons.ACCESS_DENIED,
            "can't access '"
                + HelmRelease.KIND
                + "/"
                + namespace
                + "/"
                + dependency.getName()
                + "', cross-namespace references have been blocked");
      }
      String message;
      try {
        JsonNode self = dependency.getReadyExpr() == null ? null : (JsonNode) JSON.valueToTree(hr);
        message =
            DependencyReadiness.notReady(
                owner.client(),
                GroupVersion.API_VERSION,
                HelmRelease.KIND,
                namespace,
                dependency.getName(),
                dependency.getReadyExpr(),
                self,
                owner.additiveCelDependencyCheck());
      } catch (CelExpressionException e) {
        throw new ReconcileError.Stalling(Reasons.INVALID_CEL_EXPRESSION, e.getMessage());
      }
      if (message != null) {
        // Flux: Ready=False DependencyNotReady with the dependency's error, a Normal event
        // with the same text ("dependencies do not meet ready condition (...)" is only logged).
        throw new ReconcileError.Waiting(
            HelmReleaseConditions.DEPENDENCY_NOT_READY, message, retry);
      }
    }
    return StepResult.SUCCESS;
  }

  /** Waits for the source's artifact, downloads it (digest verified) and loads the chart. */
  StepResult reconcileChart(ReconcileContext<HelmRelease> ctx) throws InterruptedException {
    ChartSource.Artifact artifact = owner.chartSource().artifact(ctx.resource(), liveChart);
    chart = owner.chartSource().load(artifact);
    ociDigest = null;
    if ("OCIRepository".equals(artifact.kind()) && !owner.disableChartDigestTracking()) {
      // Flux's chart digest tracking (unless DisableChartDigestTracking): the OCI digest becomes
      // the chart version's build metadata.
      try {
        OciChartVersion tracked =
            OciChartVersion.track(chart.chart().metadata().version, artifact.revision());
        chart.chart().metadata().version = tracked.version();
        ociDigest = tracked.ociDigest();
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Generic(HelmReleaseConditions.CHART_MUTATE_ERROR, e.getMessage());
      }
    }
    ctx.annotateEvents("revision", chart.chart().metadata().version);
    return StepResult.SUCCESS;
  }

  /** Composes {@code valuesFrom} and {@code values} and their config digest. */
  StepResult reconcileValues(ReconcileContext<HelmRelease> ctx) {
    HelmRelease hr = ctx.resource();
    try {
      values =
          ChartValues.compose(
              hr.getMetadata().getNamespace(),
              hr.getSpec().getValuesFrom(),
              hr.getSpec().getValues(),
              (kind, name) -> owner.readValuesSource(hr.getMetadata().getNamespace(), kind, name));
    } catch (ValuesReferenceException e) {
      throw new ReconcileError.Generic(HelmReleaseConditions.VALUES_ERROR, e.getMessage());
    }
    configDigest = ChartValues.digest(values);
    ctx.annotateEvents("token", configDigest);
    return StepResult.SUCCESS;
  }

  /** Flux's atomic release: decide and run actions until the release is as desired. */
  StepResult reconcileRelease(ReconcileContext<HelmRelease> ctx) {
    HelmRelease hr = ctx.resource();
    HelmReleaseStatus status = hr.getStatus();
    String chartVersion = chart.chart().metadata().version;
    Optional<String> targetChanged = ReleaseTarget.changed(hr, chart.chart().metadata().name);
    if (targetChanged.isPresent()) {
      // Flux: uninstall the release where it is, forget it, and start over where the spec points.
      ReleaseTarget.uninstallPrevious(ctx, owner, targetChanged.get());
      return mustRequeue(ctx);
    }
    handleReset(hr);
    adoptPostRenderersStatus(hr);
    boolean force = handleForce(hr);
    if (!Objects.equals(status.getLastAttemptedGeneration(), hr.getMetadata().getGeneration())
        || !Objects.equals(status.getLastAttemptedRevision(), chartVersion)
        || !Objects.equals(status.getLastAttemptedConfigDigest(), configDigest)) {
      clearFailures(status);
    }
    status.setLastAttemptedGeneration(hr.getMetadata().getGeneration());
    status.setLastAttemptedRevision(chartVersion);
    status.setLastAttemptedRevisionDigest(ociDigest);
    status.setLastAttemptedConfigDigest(configDigest);
    status.setStorageNamespace(ReleaseNames.storageNamespace(hr));

    String releaseName = ReleaseNames.releaseName(hr);
    boolean retryDrift = false;
    try (HelmReleaseReconciler.Target target = owner.target(hr);
        SecretReleaseStorage.Remembered remembered =
            remembering(target.actions().config().storage(), releaseName)) {
      HelmActions actions = target.actions();
      postRenderer = PostRenderers.build(hr, owner.useHelm3Defaults());
      newRunner(ctx, actions).refreshHistory();
      ReleaseDrift drift = ReleaseDrift.of(hr);
      if (!drift.detects()) {
        ctx.conditions().delete(HelmReleaseConditions.DRIFTED);
      }
      Set<NextAction.Type> done = EnumSet.noneOf(NextAction.Type.class);
      for (int i = 0; i < MAX_ACTIONS; i++) {
        boolean checkRenderDigests =
            !done.contains(NextAction.Type.RELEASE) && comparesRenderDigests(hr);
        boolean forced = force;
        Observation observation =
            owner
                .phases()
                .time(
                    "observe",
                    () -> observe(hr, actions.config().storage(), forced, checkRenderDigests));
        Decision decision = ReleaseStateMachine.decide(observation);
        // Drift detection (Flux's state.go): only a release otherwise in sync is compared.
        DiffSet diff = null;
        if (drift.detects() && decision.state().status() == ReleaseState.Status.IN_SYNC) {
          diff = drift.detect(actions, actions.config().storage().last(releaseName).orElseThrow());
          decision =
              ReleaseStateMachine.decide(
                  observation.withDrift(true, drift.corrects(), diff.hasChanges()));
          String current = Snapshots.fullReleaseName(Snapshots.latest(status.getHistory()));
          if (diff.hasChanges()) {
            drift.reportDrift(ctx, diff, current);
          } else {
            drift.reportNoDrift(ctx, current);
          }
        }
        status.setHistory(decision.history());
        if (decision.remediatedToReleased()) {
          remediatedToReleased(ctx);
        }
        NextAction next = decision.action();
        if (next instanceof NextAction.CorrectDrift && done.contains(next.type())) {
          // The correction of this reconcile did not settle: report and come back later.
          next = new NextAction.Done();
          retryDrift = true;
        }
        if (next instanceof NextAction.Done) {
          ctx.conditions().delete(ConditionTypes.RECONCILING);
          finish(ctx);
          if (ctx.conditions().isTrue(ConditionTypes.READY)
              || ctx.conditions().isTrue(HelmReleaseConditions.RELEASED)) {
            status.setObservedPostRenderersDigest(PostRenderers.postRenderersDigest(hr));
            status.setObservedCommonMetadataDigest(PostRenderers.commonMetadataDigest(hr));
          }
          recordInventory(actions, status, ReleaseNames.releaseName(hr), chart.chart());
          return retryDrift ? StepResult.requeueAfter(DRIFT_RETRY) : StepResult.SUCCESS;
        }
        if (next instanceof NextAction.Stall stall) {
          throw new ReconcileError.Stalling(stall.reason(), stall.message());
        }
        if (next instanceof NextAction.RetryLater later) {
          Condition released = ctx.conditions().get(HelmReleaseConditions.RELEASED).orElse(null);
          throw new ReconcileError.Waiting(
                  released == null ? HelmReleaseConditions.UPGRADE_FAILED : released.getReason(),
                  (released == null ? "release failed" : released.getMessage())
                      + "; retrying in "
                      + GoDuration.format(later.after()),
                  later.after())
              .withoutEvent();
        }
        if (next instanceof NextAction.Error error) {
          throw new ReconcileError.Generic(
              HelmReleaseConditions.STATE_ERROR,
              "Could not determine release state: " + error.message());
        }
        if (done.contains(next.type())) {
          // Flux runs each kind of action once per reconcile: come back for the rest.
          return mustRequeue(ctx);
        }
        String running =
            "Running '"
                + next.name()
                + "' action with timeout of "
                + GoDuration.format(timeout(hr, next));
        ctx.conditions().markReconciling(Reasons.PROGRESSING, running);
        if (next.type() == NextAction.Type.RELEASE) {
          ctx.conditions().markUnknown(ConditionTypes.READY, Reasons.PROGRESSING, running);
        }
        // As Flux: the status says what runs before a possibly long action, and after it.
        patchStatus(ctx);
        if (next instanceof NextAction.CorrectDrift) {
          drift.correct(
              ctx, actions, diff, Snapshots.fullReleaseName(Snapshots.latest(status.getHistory())));
        } else {
          NextAction action = next;
          owner
              .phases()
              .time(
                  "action:" + next.name(),
                  () -> {
                    runAction(hr, ctx, actions, action);
                    return null;
                  });
        }
        done.add(next.type());
        // The action may have written the release through another client (persistentClient:
        // false): read the storage again.
        forget(actions.config().storage(), releaseName);
        patchStatus(ctx);
        if (force && next.type() == NextAction.Type.RELEASE) {
          force = false;
        }
        if (next.type() == NextAction.Type.REMEDIATE) {
          Remediation active = Remediation.active(hr);
          if (active != null && active.retriesExhausted()) {
            throw new ReconcileError.Stalling(
                HelmReleaseConditions.RETRIES_EXCEEDED,
                "Failed to "
                    + status.getLastAttemptedReleaseAction()
                    + " after "
                    + active.failures()
                    + " attempt(s)");
          }
          return mustRequeue(ctx);
        }
      }
      return mustRequeue(ctx);
    } catch (StorageException e) {
      throw new ReconcileError.Generic(
          HelmReleaseConditions.GET_LAST_RELEASE_FAILED,
          "Could not get last release: " + e.getMessage(),
          e);
    }
  }

  /**
   * Within one reconcile, the release's history is listed once and again only after a write (see
   * {@link SecretReleaseStorage#remembering}); a storage of another kind is read as it is.
   */
  private static SecretReleaseStorage.Remembered remembering(
      ReleaseStorage storage, String releaseName) {
    return storage instanceof SecretReleaseStorage secrets
        ? secrets.remembering(releaseName)
        : () -> {};
  }

  private static void forget(ReleaseStorage storage, String releaseName) {
    if (storage instanceof SecretReleaseStorage secrets) {
      secrets.forget(releaseName);
    }
  }

  /**
   * Runs {@code next} on the reconcile's Helm actions, or, with {@code persistentClient: false}, on
   * a Kubernetes client made for this action and closed after it.
   */
  private void runAction(
      HelmRelease hr, ReconcileContext<HelmRelease> ctx, HelmActions actions, NextAction next) {
    if (HelmReleaseReconciler.persistentClient(hr)) {
      newRunner(ctx, actions).run(next);
      return;
    }
    try (HelmReleaseReconciler.Target own = owner.actionTarget(hr)) {
      newRunner(ctx, own.actions()).run(next);
    }
  }

  private ReleaseActionRunner newRunner(ReconcileContext<HelmRelease> ctx, HelmActions actions) {
    return new ReleaseActionRunner(
        ctx, actions, chart.chart(), values, configDigest, postRenderer, owner.useHelm3Defaults());
  }

  /**
   * Flux's {@code status.inventory}: the objects of the last release's manifest ({@code
   * <ns>_<name>_<group>_<kind>}, {@code v}), then the CRDs of the chart's {@code crds/} directories
   * when the release was made from the loaded chart (Flux's {@code AddCRDs}); left as it was when
   * the manifest or a CRD file cannot be read.
   */
  private static void recordInventory(
      HelmActions actions, HelmReleaseStatus status, String name, Chart chart) {
    try {
      Optional<Release> last = actions.config().storage().last(name);
      if (last.isEmpty()) {
        status.setInventory(null);
        return;
      }
      List<ObjectRef> objects = new ArrayList<>(actions.objects(last.get()));
      if (Objects.equals(last.get().chartName(), chart.metadata().name)
          && Objects.equals(last.get().chartVersion(), chart.metadata().version)) {
        objects.addAll(ChartCrdInventory.refs(chart));
      }
      List<ResourceRef> refs = new ArrayList<>();
      for (ObjectRef ref : objects) {
        InventoryEntry e = InventoryEntry.of(ref);
        ResourceRef r = new ResourceRef();
        r.setId(e.id());
        r.setV(e.v());
        refs.add(r);
      }
      ResourceInventory inventory = new ResourceInventory();
      inventory.setEntries(refs);
      status.setInventory(inventory);
    } catch (ActionException | StorageException | IllegalArgumentException e) {
      // keep the previous inventory
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private StepResult mustRequeue(ReconcileContext<HelmRelease> ctx) {
    String message =
        ctx.conditions().get(ConditionTypes.READY).map(Condition::getMessage).orElse("");
    ctx.conditions().markReconciling(Reasons.PROGRESSING_WITH_RETRY, message);
    return StepResult.requeueAfter(Duration.ofSeconds(1));
  }

  /** Flux's summarize extras: stale TestSuccess and Remediated conditions go. */
  private void finish(ReconcileContext<HelmRelease> ctx) {
    HelmRelease hr = ctx.resource();
    boolean testsEnabled =
        hr.getSpec().getTest() != null && Boolean.TRUE.equals(hr.getSpec().getTest().getEnable());
    if (!testsEnabled) {
      ctx.conditions().delete(HelmReleaseConditions.TEST_SUCCESS);
    }
    boolean released = ctx.conditions().isTrue(HelmReleaseConditions.RELEASED);
    boolean testsOk =
        !testsEnabled
            || ctx.conditions().isTrue(HelmReleaseConditions.TEST_SUCCESS)
            || Boolean.TRUE.equals(hr.getSpec().getTest().getIgnoreFailures());
    if (released && testsOk) {
      ctx.conditions().delete(HelmReleaseConditions.REMEDIATED);
    }
  }

  private void remediatedToReleased(ReconcileContext<HelmRelease> ctx) {
    HelmReleaseSnapshot cur = Snapshots.latest(ctx.resource().getStatus().getHistory());
    ctx.conditions().delete(HelmReleaseConditions.REMEDIATED);
    ctx.conditions()
        .markTrue(
            HelmReleaseConditions.RELEASED,
            HelmReleaseConditions.UPGRADE_SUCCEEDED,
            "Helm upgrade succeeded for release "
                + Snapshots.fullReleaseName(cur)
                + " with chart "
                + Snapshots.versionedChartName(cur));
  }

  private Observation observe(
      HelmRelease hr, ReleaseStorage storage, boolean force, boolean checkPostRenderers) {
    String name = ReleaseNames.releaseName(hr);
    Map<Integer, ObservedRelease> stored = new HashMap<>();
    ObservedRelease last = null;
    for (Release r : storage.history(name)) {
      ObservedRelease o = ReleaseObservations.observe(r);
      stored.put(o.version(), o);
      if (last == null || o.version() > last.version()) {
        last = o;
      }
    }
    HelmReleaseSpec spec = hr.getSpec();
    HelmReleaseStatus status = hr.getStatus();
    boolean testEnabled = spec.getTest() != null && Boolean.TRUE.equals(spec.getTest().getEnable());
    boolean testIgnore =
        spec.getTest() != null && Boolean.TRUE.equals(spec.getTest().getIgnoreFailures());
    boolean remediated =
        status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(
                    c ->
                        HelmReleaseConditions.REMEDIATED.equals(c.getType())
                            && c.getStatus() == Condition.Status.True);
    return new Observation(
        last,
        stored,
        status.getHistory(),
        chart.chart().metadata().name,
        chart.chart().metadata().version,
        configDigest,
        testEnabled,
        testIgnore,
        status.getLastAttemptedReleaseAction(),
        Remediation.install(hr),
        Remediation.upgrade(hr),
        installRetry(spec.getInstall()),
        upgradeRetry(spec.getUpgrade()),
        force,
        remediated,
        false,
        false,
        false,
        Instant.now(),
        lastFailure(status),
        checkPostRenderers
            && (!Objects.equals(
                    emptyToNull(status.getObservedPostRenderersDigest()),
                    PostRenderers.postRenderersDigest(hr))
                || !Objects.equals(
                    emptyToNull(status.getObservedCommonMetadataDigest()),
                    PostRenderers.commonMetadataDigest(hr))));
  }

  private Duration installRetry(Install install) {
    if (install == null || install.getStrategy() == null) {
      return owner.defaultToRetryOnFailure() ? Duration.ofMinutes(5) : null;
    }
    if (install.getStrategy().getName() != ActionStrategyName.RetryOnFailure) {
      return null;
    }
    String interval = install.getStrategy().getRetryInterval();
    return interval == null || interval.isEmpty()
        ? Duration.ofMinutes(5)
        : GoDuration.parse(interval);
  }

  private Duration upgradeRetry(Upgrade upgrade) {
    if (upgrade == null || upgrade.getStrategy() == null) {
      return owner.defaultToRetryOnFailure() ? Duration.ofMinutes(5) : null;
    }
    if (upgrade.getStrategy().getName() != ActionStrategyName.RetryOnFailure) {
      return null;
    }
    String interval = upgrade.getStrategy().getRetryInterval();
    return interval == null || interval.isEmpty()
        ? Duration.ofMinutes(5)
        : GoDuration.parse(interval);
  }

  /** When the last install/upgrade failed: the transition time of {@code Released=False}. */
  private static Instant lastFailure(HelmReleaseStatus status) {
    if (status.getConditions() == null) {
      return null;
    }
    for (Condition c : status.getConditions()) {
      if (HelmReleaseConditions.RELEASED.equals(c.getType())
          && c.getStatus() == Condition.Status.False
          && c.getLastTransitionTime() != null) {
        try {
          return Instant.parse(c.getLastTransitionTime());
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Duration timeout(HelmRelease hr, NextAction next) {
    HelmReleaseSpec spec = hr.getSpec();
    String t = null;
    if (next instanceof NextAction.Install && spec.getInstall() != null) {
      t = spec.getInstall().getTimeout();
    } else if (next instanceof NextAction.Upgrade && spec.getUpgrade() != null) {
      t = spec.getUpgrade().getTimeout();
    } else if (next instanceof NextAction.Test && spec.getTest() != null) {
      t = spec.getTest().getTimeout();
    } else if (next instanceof NextAction.Rollback && spec.getRollback() != null) {
      t = spec.getRollback().getTimeout();
    } else if (next instanceof NextAction.Uninstall && spec.getUninstall() != null) {
      t = spec.getUninstall().getTimeout();
    }
    return ReleaseRequests.timeout(hr, t);
  }

  /**
   * Flux's {@code state.go}: the post-renderers (and common-metadata) digests are compared with
   * {@code status.observed*Digest} only for a generation not processed yet — the {@code Ready}
   * condition exists and observed another generation — since the observed digests are written only
   * when a reconcile ends released. So a status lacking a digest (written by an older controller)
   * causes no upgrade until the spec changes.
   */
  static boolean comparesRenderDigests(HelmRelease hr) {
    if (hr.getStatus() == null || hr.getStatus().getConditions() == null) {
      return false;
    }
    return hr.getStatus().getConditions().stream()
        .filter(c -> ConditionTypes.READY.equals(c.getType()))
        .findFirst()
        .map(c -> !Objects.equals(c.getObservedGeneration(), hr.getMetadata().getGeneration()))
        .orElse(false);
  }

  /**
   * Flux's {@code adoptPostRenderersStatus} (under its {@code AdoptLegacyReleases} gate, on by
   * default): a HelmRelease whose current generation was reconciled by a controller that did not
   * record {@code observedPostRenderersDigest} gets the digest of its post-renderers, instead of an
   * upgrade for a change that did not happen.
   */
  static void adoptPostRenderersStatus(HelmRelease hr) {
    HelmReleaseStatus status = hr.getStatus();
    if (!Objects.equals(hr.getMetadata().getGeneration(), status.getObservedGeneration())) {
      return;
    }
    if (hr.getSpec().getPostRenderers() != null
        && emptyToNull(status.getObservedPostRenderersDigest()) == null) {
      status.setObservedPostRenderersDigest(PostRenderers.postRenderersDigest(hr));
    }
  }

  /**
   * {@code reconcile.fluxcd.io/resetAt}: when it equals {@code requestedAt} and was not handled
   * yet, the failure counters are reset; the token is recorded either way.
   */
  static void handleReset(HelmRelease hr) {
    String token = annotation(hr, "reconcile.fluxcd.io/resetAt");
    if (token == null || token.equals(hr.getStatus().getLastHandledResetAt())) {
      return;
    }
    hr.getStatus().setLastHandledResetAt(token);
    if (token.equals(annotation(hr, Annotations.RECONCILE_REQUESTED_AT))) {
      clearFailures(hr.getStatus());
    }
  }

  /**
   * {@code reconcile.fluxcd.io/forceAt}: a one-off release when it equals {@code requestedAt} and
   * was not handled yet; the token is recorded either way.
   */
  static boolean handleForce(HelmRelease hr) {
    String token = annotation(hr, "reconcile.fluxcd.io/forceAt");
    if (token == null || token.equals(hr.getStatus().getLastHandledForceAt())) {
      return false;
    }
    hr.getStatus().setLastHandledForceAt(token);
    return token.equals(annotation(hr, Annotations.RECONCILE_REQUESTED_AT));
  }

  private static String annotation(HelmRelease hr, String key) {
    Map<String, String> annotations = hr.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  static void clearFailures(HelmReleaseStatus status) {
    status.setFailures(null);
    status.setInstallFailures(null);
    status.setUpgradeFailures(null);
  }
}
