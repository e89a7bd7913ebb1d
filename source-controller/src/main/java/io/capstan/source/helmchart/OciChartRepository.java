package io.capstan.source.helmchart;

import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_PULL;
import static io.capstan.source.helmchart.ChartBuildException.Reason.CHART_REFERENCE;

import io.capstan.git.SemverSelector;
import io.capstan.oci.Descriptor;
import io.capstan.oci.ManifestResponse;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import io.capstan.oci.OciReference;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Charts stored in an OCI registry the way Helm pushes them ({@code oci://<url>/<chart>:<version>},
 * the chart archive as the layer of media type {@value #CHART_LAYER}, {@code +} in versions written
 * {@code _} in tags), read with toolkit-oci's client. Version selection is Flux's: an exact version
 * is used as the tag without listing; a constraint picks the highest matching strict-semver tag.
 */
public final class OciChartRepository implements ChartRepository {

  /** Helm's chart content layer. */
  public static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

  /** Helm's chart config media type. */
  public static final String CHART_CONFIG = "application/vnd.cncf.helm.config.v1+json";

  private static final Pattern STRICT =
      Pattern.compile(
          "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");

  private final OciClient client;
  private final String url;

  /** The repository at {@code url} ({@code oci://host/path}), read through {@code client}. */
  public OciChartRepository(OciClient client, String url) {
    this.client = client;
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private OciReference reference(String chart) throws ChartBuildException {
    try {
      return OciReference.parse(url + "/" + chart);
    } catch (IllegalArgumentException e) {
      throw new ChartBuildException(
          CHART_REFERENCE, "invalid OCI registry URL '" + url + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String resolveVersion(String chart, String constraint) throws ChartBuildException {
    String wanted = constraint == null || constraint.isBlank() ? "*" : constraint.trim();
    if (STRICT.matcher(wanted).matches()) {
      return wanted;
    }
    SemverSelector selector;
    try {
      selector = SemverSelector.of(wanted);
    } catch (IllegalArgumentException e) {
      throw new ChartBuildException(
          CHART_REFERENCE,
          "failed to get chart version for remote reference: improper constraint: " + wanted);
    }
    OciReference ref = reference(chart);
    List<String> tags;
    try {
      tags = client.listTags(ref);
    } catch (OciException e) {
      throw new ChartBuildException(
          CHART_PULL,
          "failed to get chart version for remote reference: could not get tags for '"
              + chart
              + "': "
              + e.getMessage(),
          e);
    }
    List<String> versions =
        tags.stream()
            .map(t -> t.replace('_', '+'))
            .filter(t -> STRICT.matcher(t).matches())
            .toList();
    List<String> best = selector.highest(versions);
    if (best.isEmpty()) {
      throw new ChartBuildException(
          CHART_REFERENCE,
          "failed to get chart version for remote reference: could not locate a version matching"
              + " provided version string "
              + wanted);
    }
    return best.get(0);
  }

  @Override
  public void download(String chart, String version, Path target, long maxSize)
      throws ChartBuildException {
    OciReference ref = reference(chart).withTag(version.replace('+', '_'));
    try {
      ManifestResponse manifest = client.manifest(ref);
      Descriptor layer =
          manifest.manifest().layersOrEmpty().stream()
              .filter(l -> CHART_LAYER.equals(l.mediaType()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ChartBuildException(
                          CHART_PULL,
                          "failed to download chart from '"
                              + ref
                              + "': no layer of media type "
                              + CHART_LAYER));
      client.fetchBlob(ref, layer, maxSize, target);
    } catch (OciException.TooLarge e) {
      throw new ChartBuildException(
          CHART_PULL,
          "failed to download chart from '"
              + ref
              + "': size of chart exceeds the maximum chart size of "
              + maxSize
              + " bytes",
          e);
    } catch (OciException e) {
      throw new ChartBuildException(
          CHART_PULL, "failed to download chart from '" + ref + "': " + e.getMessage(), e);
    }
  }
}
