package io.capstan.helm.controller;

import io.capstan.api.helm.v2.CrdsPolicy;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import io.capstan.api.helm.v2.Install;
import io.capstan.api.helm.v2.Rollback;
import io.capstan.api.helm.v2.Uninstall;
import io.capstan.api.helm.v2.Upgrade;
import io.capstan.api.helm.v2.WaitStrategyName;
import io.capstan.helm.action.CrdPolicy;
import io.capstan.helm.action.InstallRequest;
import io.capstan.helm.action.PostRenderer;
import io.capstan.helm.action.RollbackRequest;
import io.capstan.helm.action.TestFilter;
import io.capstan.helm.action.TestRequest;
import io.capstan.helm.action.UninstallRequest;
import io.capstan.helm.action.UpgradeRequest;
import io.capstan.helm.action.WaitStrategy;
import io.capstan.helm.engine.Chart;
import io.capstan.runtime.reconcile.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Helm action requests a HelmRelease's {@code install}, {@code upgrade}, {@code test}, {@code
 * rollback} and {@code uninstall} settings describe, with Flux's defaults: each action's timeout
 * falls back to {@code spec.timeout} (5m); waiting for resources and Jobs is on unless disabled;
 * CRDs are created on install and skipped on upgrade; {@code maxHistory} defaults to 5; install,
 * upgrade and rollback wait with {@code spec.waitStrategy} and {@code spec.healthCheckExprs}.
 */
public final class ReleaseRequests {

  /** Flux's {@code spec.timeout} default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** Flux's {@code spec.maxHistory} default. */
  public static final int DEFAULT_MAX_HISTORY = 5;

  private ReleaseRequests() {}

  /** {@code spec.timeout}, else 5m. */
  public static Duration timeout(HelmRelease hr) {
    String t = hr.getSpec().getTimeout();
    return t == null || t.isEmpty() ? DEFAULT_TIMEOUT : GoDuration.parse(t);
  }

  static Duration timeout(HelmRelease hr, String actionTimeout) {
    return actionTimeout == null || actionTimeout.isEmpty()
        ? timeout(hr)
        : GoDuration.parse(actionTimeout);
  }

  /** {@code spec.maxHistory}, else 5 (0: unlimited). */
  public static int maxHistory(HelmRelease hr) {
    Integer m = hr.getSpec().getMaxHistory();
    return m == null ? DEFAULT_MAX_HISTORY : m;
  }

  /** The install of {@code chart} with {@code values}, Helm 4's defaults. */
  public static InstallRequest install(
      HelmRelease hr, Chart chart, Map<String, Object> values, PostRenderer postRenderer) {
    return install(hr, chart, values, postRenderer, false);
  }

  /**
   * The install of {@code chart} with {@code values}; {@code helm3Defaults}: Flux's {@code
   * UseHelm3Defaults} gate.
   */
  public static InstallRequest install(
      HelmRelease hr,
      Chart chart,
      Map<String, Object> values,
      PostRenderer postRenderer,
      boolean helm3Defaults) {
    HelmReleaseSpec spec = hr.getSpec();
    Install install = spec.getInstall() == null ? new Install() : spec.getInstall();
    CrdPolicy crds =
        install.getCrds() != null
            ? crdPolicy(install.getCrds())
            : Boolean.TRUE.equals(install.getSkipCRDs()) ? CrdPolicy.SKIP : CrdPolicy.CREATE;
    return InstallRequest.builder(
            ReleaseNames.releaseName(hr), ReleaseNames.releaseNamespace(hr), chart)
        .values(values)
        .timeout(timeout(hr, install.getTimeout()))
        .waitForResources(!Boolean.TRUE.equals(install.getDisableWait()))
        .healthRule(healthRule(hr))
        .waitStrategy(waitStrategy(hr, helm3Defaults))
        .waitForJobs(!Boolean.TRUE.equals(install.getDisableWaitForJobs()))
        .disableHooks(Boolean.TRUE.equals(install.getDisableHooks()))
        .disableSchemaValidation(Boolean.TRUE.equals(install.getDisableSchemaValidation()))
        .replace(Boolean.TRUE.equals(install.getReplace()))
        .createNamespace(Boolean.TRUE.equals(install.getCreateNamespace()))
        .crds(crds)
        .postRenderer(postRenderer)
        .description("Install complete")
        .build();
  }

  /** The upgrade to {@code chart} with {@code values}, Helm 4's defaults. */
  public static UpgradeRequest upgrade(
      HelmRelease hr, Chart chart, Map<String, Object> values, PostRenderer postRenderer) {
    return upgrade(hr, chart, values, postRenderer, false);
  }

  /**
   * The upgrade to {@code chart} with {@code values}; {@code helm3Defaults}: Flux's {@code
   * UseHelm3Defaults} gate.
   */
  public static UpgradeRequest upgrade(
      HelmRelease hr,
      Chart chart,
      Map<String, Object> values,
      PostRenderer postRenderer,
      boolean helm3Defaults) {
    HelmReleaseSpec spec = hr.getSpec();
    Upgrade upgrade = spec.getUpgrade() == null ? new Upgrade() : spec.getUpgrade();
    return UpgradeRequest.builder(
            ReleaseNames.releaseName(hr), ReleaseNames.releaseNamespace(hr), chart)
        .values(values)
        .timeout(timeout(hr, upgrade.getTimeout()))
        .waitForResources(!Boolean.TRUE.equals(upgrade.getDisableWait()))
        .healthRule(healthRule(hr))
        .waitStrategy(waitStrategy(hr, helm3Defaults))
        .waitForJobs(!Boolean.TRUE.equals(upgrade.getDisableWaitForJobs()))
        .disableHooks(Boolean.TRUE.equals(upgrade.getDisableHooks()))
        .disableSchemaValidation(Boolean.TRUE.equals(upgrade.getDisableSchemaValidation()))
        .crds(upgrade.getCrds() == null ? CrdPolicy.SKIP : crdPolicy(upgrade.getCrds()))
        .postRenderer(postRenderer)
        .description("Upgrade complete")
        .force(Boolean.TRUE.equals(upgrade.getForce()))
        .cleanupOnFail(Boolean.TRUE.equals(upgrade.getCleanupOnFail()))
        .preserveValues(Boolean.TRUE.equals(upgrade.getPreserveValues()))
        .resetValues(!Boolean.TRUE.equals(upgrade.getPreserveValues()))
        .maxHistory(maxHistory(hr))
        .build();
  }

  /** The test of the current release ({@code spec.test.filters}). */
  public static TestRequest test(HelmRelease hr) {
    io.capstan.api.helm.v2.Test test = hr.getSpec().getTest();
    List<TestFilter> filters =
        test == null || test.getFilters() == null
            ? List.of()
            : test.getFilters().stream()
                .map(f -> new TestFilter(f.getName(), Boolean.TRUE.equals(f.getExclude())))
                .toList();
    return new TestRequest(
        ReleaseNames.releaseName(hr),
        timeout(hr, test == null ? null : test.getTimeout()),
        filters);
  }

  /** The rollback remediation to {@code version}, Helm 4's defaults. */
  public static RollbackRequest rollback(HelmRelease hr, int version) {
    return rollback(hr, version, false);
  }

  /**
   * The rollback remediation to {@code version}; {@code helm3Defaults}: Flux's {@code
   * UseHelm3Defaults} gate.
   */
  public static RollbackRequest rollback(HelmRelease hr, int version, boolean helm3Defaults) {
    Rollback r = hr.getSpec().getRollback() == null ? new Rollback() : hr.getSpec().getRollback();
    return new RollbackRequest(
        ReleaseNames.releaseName(hr),
        version,
        timeout(hr, r.getTimeout()),
        !Boolean.TRUE.equals(r.getDisableWait()),
        !Boolean.TRUE.equals(r.getDisableWaitForJobs()),
        Boolean.TRUE.equals(r.getDisableHooks()),
        Boolean.TRUE.equals(r.getForce()),
        Boolean.TRUE.equals(r.getRecreate()),
        Boolean.TRUE.equals(r.getCleanupOnFail()),
        maxHistory(hr),
        healthRule(hr),
        waitStrategy(hr, helm3Defaults));
  }

  /** The uninstall (remediation or deletion) with {@code spec.uninstall}. */
  public static UninstallRequest uninstall(HelmRelease hr, String description) {
    return uninstall(hr, ReleaseNames.releaseName(hr), description);
  }

  /**
   * The uninstall of the release {@code releaseName} (e.g. a previous target) with {@code
   * spec.uninstall}.
   */
  public static UninstallRequest uninstall(HelmRelease hr, String releaseName, String description) {
    Uninstall u =
        hr.getSpec().getUninstall() == null ? new Uninstall() : hr.getSpec().getUninstall();
    return new UninstallRequest(
        releaseName,
        timeout(hr, u.getTimeout()),
        Boolean.TRUE.equals(u.getDisableHooks()),
        Boolean.TRUE.equals(u.getKeepHistory()),
        !Boolean.TRUE.equals(u.getDisableWait()),
        u.getDeletionPropagation() == null ? null : u.getDeletionPropagation().name(),
        description);
  }

  static CrdPolicy crdPolicy(CrdsPolicy policy) {
    return switch (policy) {
      case Skip -> CrdPolicy.SKIP;
      case Create -> CrdPolicy.CREATE;
      case CreateReplace -> CrdPolicy.CREATE_REPLACE;
    };
  }

  /** {@code spec.waitStrategy.name}: {@code legacy} or the default {@code poller}. */
  static WaitStrategy waitStrategy(HelmRelease hr) {
    return waitStrategy(hr, false);
  }

  /**
   * {@code spec.waitStrategy.name}; when unset {@code poller}, or {@code legacy} with Flux's {@code
   * UseHelm3Defaults} gate ({@code helm3Defaults}).
   */
  static WaitStrategy waitStrategy(HelmRelease hr, boolean helm3Defaults) {
    var ws = hr.getSpec().getWaitStrategy();
    if (ws == null || ws.getName() == null) {
      return helm3Defaults ? WaitStrategy.LEGACY : WaitStrategy.POLLER;
    }
    return ws.getName() == WaitStrategyName.legacy ? WaitStrategy.LEGACY : WaitStrategy.POLLER;
  }

  /** {@code spec.healthCheckExprs} for waiting (validated when the reconcile starts), or null. */
  static io.capstan.runtime.health.HealthRule healthRule(HelmRelease hr) {
    var checks =
        io.capstan.runtime.cel.CustomHealthChecks.compile(hr.getSpec().getHealthCheckExprs());
    return checks.isEmpty() ? null : checks;
  }
}
