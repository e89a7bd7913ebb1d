package io.capstan.helm.engine;

import java.util.List;

/**
 * The result of rendering a chart: manifests in Helm's install order, hooks (test hooks included),
 * the rendered NOTES.txt of the top chart ("" if none), and the CRDs of {@code crds/} directories.
 *
 * @param manifests non-hook documents, sorted by kind then template path
 * @param hooks hook documents, sorted by kind
 * @param notes rendered NOTES.txt of the top chart
 * @param crds CRD files (name = {@code chart/crds/x.yaml})
 */
public record RenderedRelease(
    List<Manifest> manifests, List<Hook> hooks, String notes, List<ChartFile> crds) {

  /**
   * What {@code helm template} prints.
   *
   * @param includeCrds {@code --include-crds}
   * @param skipTests {@code --skip-tests}
   * @param noHooks {@code --no-hooks}
   */
  public String templateOutput(boolean includeCrds, boolean skipTests, boolean noHooks) {
    StringBuilder b = new StringBuilder();
    if (includeCrds) {
      for (ChartFile crd : crds) {
        b.append("---\n# Source: ").append(crd.name()).append('\n').append(crd.text()).append('\n');
      }
    }
    for (Manifest m : manifests) {
      b.append("---\n# Source: ").append(m.name()).append('\n').append(m.content()).append('\n');
    }
    StringBuilder out = new StringBuilder(b.toString().strip()).append('\n');
    if (!noHooks) {
      for (Hook h : hooks) {
        if (skipTests && h.isTest()) {
          continue;
        }
        out.append("---\n# Source: ")
            .append(h.path())
            .append('\n')
            .append(h.manifest())
            .append('\n');
      }
    }
    return out.toString();
  }
}
