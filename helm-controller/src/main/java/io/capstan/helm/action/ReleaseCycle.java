package io.capstan.helm.action;

import io.capstan.helm.release.Info;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.runtime.health.ObjectRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps install and upgrade share, in Helm's order: CRDs, render into a {@code pending-*}
 * revision, pre-hooks, apply, wait, post-hooks, then record the revision {@code deployed} or {@code
 * failed}. The actions decide what comes before (name checks, values) and around (superseding,
 * cleanup).
 */
final class ReleaseCycle {
  private final HelmActions actions;
  private final ReleaseRenderer renderer;
  private final CrdInstaller crds;

  ReleaseCycle(HelmActions actions, ReleaseRenderer renderer, CrdInstaller crds) {
    this.actions = actions;
    this.renderer = renderer;
    this.crds = crds;
  }

  /** Installs the chart's {@code crds/} per the options' policy. */
  void installCrds(ReleaseOptions o) throws ActionException {
    actions
        .phases()
        .time(
            HelmActions.PHASE_CRDS,
            () -> {
              crds.install(o.chart(), o.crds());
              return null;
            });
  }

  /** Creates {@code namespace} when missing. */
  void createNamespace(String namespace) throws ActionException {
    crds.createNamespace(namespace);
  }

  /**
   * Renders the chart into a new revision, not yet stored.
   *
   * @param version the revision number recorded
   * @param upgrade {@code .Release.IsUpgrade} (and {@code .Release.Revision} = {@code version}); an
   *     install renders revision 1, as Helm
   * @param pending the {@code pending-*} status and its description
   */
  Release render(
      ReleaseOptions o,
      Map<String, Object> values,
      int version,
      boolean upgrade,
      Instant firstDeployed,
      ReleaseStatus pending,
      String description,
      Map<String, String> labels)
      throws ActionException {
    ReleaseRenderer.Rendered rendered =
        actions
            .phases()
            .time(
                HelmActions.PHASE_RENDER,
                () ->
                    renderer.render(
                        o.chart(),
                        values,
                        o.releaseName(),
                        o.namespace(),
                        upgrade ? version : 1,
                        upgrade,
                        o.disableSchemaValidation(),
                        o.postRenderer()));
    return new Release()
        .name(o.releaseName())
        .namespace(o.namespace())
        .chart(ChartJson.of(o.chart()))
        .config(new LinkedHashMap<>(values))
        .info(
            new Info()
                .firstDeployed(firstDeployed)
                .lastDeployed(Instant.now())
                .status(pending)
                .description(description)
                .notes(rendered.notes()))
        .version(version)
        .manifest(rendered.manifest())
        .hooks(rendered.hooks())
        .labels(labels)
        .applyMethod(Release.APPLY_METHOD_SSA);
  }

  /**
   * Runs the stored pending revision: {@code pre-<event>} hooks, apply over {@code
   * currentManifest}, wait, {@code post-<event>} hooks. Objects created are added to {@code
   * created} (also when the apply fails half-way).
   *
   * @param hookError the prefix of a hook failure, a format with the hook event ({@code %s})
   */
  void deploy(
      Release rel,
      ReleaseOptions o,
      String event,
      String hookError,
      String currentManifest,
      boolean force,
      List<ObjectRef> created)
      throws ActionException {
    if (!o.disableHooks()) {
      String pre = "pre-" + event;
      actions.runHooks(rel, pre, o.timeout(), String.format(hookError, pre));
    }
    ManifestApplier.Outcome out;
    try {
      out =
          actions
              .phases()
              .time(
                  HelmActions.PHASE_APPLY,
                  () ->
                      actions
                          .applier()
                          .apply(
                              o.releaseName(),
                              o.namespace(),
                              currentManifest,
                              rel.manifest(),
                              force));
    } catch (ManifestApplier.Failure f) {
      created.addAll(f.created());
      throw f;
    }
    created.addAll(out.created());
    List<ObjectRef> target = out.target();
    actions
        .phases()
        .time(
            HelmActions.PHASE_WAIT,
            () -> {
              actions.objects().waitReady(target, o.waiting());
              return null;
            });
    if (!o.disableHooks()) {
      String post = "post-" + event;
      actions.runHooks(rel, post, o.timeout(), String.format(hookError, post));
    }
  }

  /** Records {@code rel} {@code deployed} with the options' description, else {@code fallback}. */
  Release deployed(Release rel, ReleaseOptions o, String fallback) {
    rel.info()
        .status(ReleaseStatus.DEPLOYED)
        .description(o.description() == null ? fallback : o.description());
    actions.record(rel);
    return rel;
  }

  /** Records {@code rel} {@code failed} with {@code description}. */
  void failed(Release rel, String description) {
    rel.info().status(ReleaseStatus.FAILED).description(description);
    actions.record(rel);
  }
}
