package io.capstan.helm.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.release.HookRecord;
import io.capstan.runtime.health.ApiResources;
import java.util.List;

/**
 * What an install or upgrade would apply, without applying or recording anything: the chart
 * rendered by the same code as {@link HelmActions} (post-renderer run over the non-hook manifests,
 * hooks kept apart), for local builds and diffs ({@code capstan build|diff helmrelease}).
 *
 * @param manifest the release manifest as Helm stores it ({@code ---\n# Source: ...} documents)
 * @param hooks the hooks (test hooks included), in Helm's order
 * @param notes the rendered NOTES.txt
 */
public record ReleaseTemplate(String manifest, List<HookRecord> hooks, String notes) {

  /**
   * Renders {@code request} as {@link HelmActions#install} ({@code upgrade} false, revision 1) or
   * {@link HelmActions#upgrade} would; {@code config}'s lookup, Kubernetes version and API versions
   * are used, its client and storage are not.
   *
   * @throws ActionException when rendering or the post-renderer fails (Helm's message)
   */
  public static ReleaseTemplate render(
      ActionConfig config, InstallRequest request, int revision, boolean upgrade)
      throws ActionException {
    ReleaseRenderer.Rendered r =
        new ReleaseRenderer(config)
            .render(
                request.options().chart(),
                request.options().values(),
                request.options().releaseName(),
                request.options().namespace(),
                revision,
                upgrade,
                request.options().disableSchemaValidation(),
                request.options().postRenderer());
    return new ReleaseTemplate(r.manifest(), List.copyOf(r.hooks()), r.notes());
  }

  /**
   * The manifest's objects as the actions apply them: parsed as Kubernetes reads YAML, namespaced
   * objects without a namespace put into {@code namespace} (per {@code resources}' discovery; null
   * leaves every namespace as rendered), Helm's ownership labels and annotations stamped.
   */
  public List<ObjectNode> objects(ApiResources resources, String releaseName, String namespace)
      throws ActionException {
    List<ObjectNode> objects = ManifestObjects.parse(manifest);
    if (resources == null) {
      return objects;
    }
    return ManifestObjects.prepare(objects, resources, releaseName, namespace, true);
  }
}
