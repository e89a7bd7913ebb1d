package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartFile;
import io.capstan.helm.engine.HelmEngine;
import io.capstan.helm.engine.HelmException;
import io.capstan.helm.engine.Hook;
import io.capstan.helm.engine.Manifest;
import io.capstan.helm.engine.RenderOptions;
import io.capstan.helm.engine.RenderedRelease;
import io.capstan.helm.release.HookRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a chart for a revision as Helm's {@code renderResources}: the manifest as Helm stores it
 * ({@code ---\n# Source: path\n...} per document), the hooks as release hooks, NOTES.txt, and the
 * post-renderer run over the non-hook manifests (and over each hook when it {@link
 * PostRenderer#rendersHooks() renders hooks}).
 */
final class ReleaseRenderer {
  record Rendered(String manifest, List<HookRecord> hooks, String notes, List<ChartFile> crds) {}

  private final ActionConfig config;

  ReleaseRenderer(ActionConfig config) {
    this.config = config;
  }

  Rendered render(
      Chart chart,
      Map<String, Object> values,
      String releaseName,
      String namespace,
      int revision,
      boolean upgrade,
      boolean skipSchemaValidation,
      PostRenderer postRenderer)
      throws ActionException {
    RenderOptions options =
        new RenderOptions(
            releaseName,
            namespace,
            revision,
            upgrade,
            config.kubeVersion(),
            List.copyOf(config.apiVersions()),
            skipSchemaValidation,
            config.lookup() == null ? io.capstan.helm.engine.Lookup.offline() : config.lookup());
    RenderedRelease r;
    try {
      r = HelmEngine.render(chart, values, options);
    } catch (HelmException e) {
      throw new ActionException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ActionException("render failed: " + e.getMessage(), e);
    }
    StringBuilder b = new StringBuilder();
    for (Manifest m : r.manifests()) {
      b.append("---\n# Source: ").append(m.name()).append('\n').append(m.content()).append('\n');
    }
    String manifest = b.toString();
    if (postRenderer != null) {
      try {
        manifest = postRenderer.render(manifest);
      } catch (ActionException e) {
        throw new ActionException("error while running post render on files: " + e.getMessage(), e);
      }
      manifest = manifest == null ? "" : manifest;
    }
    List<HookRecord> hooks = new ArrayList<>();
    for (Hook h : r.hooks()) {
      String hookManifest = h.manifest();
      if (postRenderer != null && postRenderer.rendersHooks()) {
        // Helm 4's "separate" stream: hooks are post-rendered apart from the templates.
        try {
          hookManifest = postRenderer.render(hookManifest);
        } catch (ActionException e) {
          throw new ActionException(
              "error while running post render on hooks: " + e.getMessage(), e);
        }
        if (hookManifest == null || hookManifest.isBlank()) {
          continue; // the post-renderer removed the hook
        }
      }
      hooks.add(
          new HookRecord()
              .name(h.name())
              .kind(h.kind())
              .path(h.path())
              .manifest(hookManifest)
              .events(h.events())
              .weight(h.weight())
              .deletePolicies(h.deletePolicies()));
    }
    return new Rendered(manifest, hooks, r.notes(), r.crds());
  }
}
