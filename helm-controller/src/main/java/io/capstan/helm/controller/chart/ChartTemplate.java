package io.capstan.helm.controller.chart;

import io.capstan.api.helm.v2.HelmChartTemplate;
import io.capstan.api.helm.v2.HelmChartTemplateObjectMeta;
import io.capstan.api.helm.v2.HelmChartTemplateSpec;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmChartReconcileStrategy;
import io.capstan.api.source.v1.HelmChartSourceKind;
import io.capstan.api.source.v1.HelmChartSourceReference;
import io.capstan.api.source.v1.HelmChartSpec;
import io.capstan.api.source.v1.SignatureVerification;
import io.capstan.api.source.v1.VerificationProvider;
import io.capstan.helm.controller.ReleaseNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HelmChart Flux's helm-controller creates from {@code spec.chart}: named {@code
 * <namespace>-<name>} in the source's namespace (the {@code sourceRef} namespace, else the
 * HelmRelease's), with the template's chart, version, source, interval (else the HelmRelease's),
 * reconcile strategy, values files and verification, the template's labels and annotations, and
 * Flux's owner labels {@code helm.toolkit.fluxcd.io/name} and {@code .../namespace}.
 */
public final class ChartTemplate {

  /** Owner label: the HelmRelease's name. */
  public static final String OWNER_NAME_LABEL = "helm.toolkit.fluxcd.io/name";

  /** Owner label: the HelmRelease's namespace. */
  public static final String OWNER_NAMESPACE_LABEL = "helm.toolkit.fluxcd.io/namespace";

  private ChartTemplate() {}

  /** The namespace of the HelmChart: {@code spec.chart.spec.sourceRef.namespace}, else the HR's. */
  public static String namespace(HelmRelease hr) {
    HelmChartTemplate template = hr.getSpec().getChart();
    String ns =
        template == null || template.getSpec() == null || template.getSpec().getSourceRef() == null
            ? null
            : template.getSpec().getSourceRef().getNamespace();
    return ns == null || ns.isEmpty() ? hr.getMetadata().getNamespace() : ns;
  }

  /** {@code <chart namespace>/<chart name>}, as Flux writes it to {@code status.helmChart}. */
  public static String reference(HelmRelease hr) {
    return namespace(hr) + "/" + ReleaseNames.helmChartName(hr);
  }

  /**
   * The HelmChart to apply for {@code hr}.
   *
   * @throws IllegalArgumentException when {@code spec.chart} is missing its spec or sourceRef
   */
  public static HelmChart build(HelmRelease hr) {
    HelmChartTemplate template = hr.getSpec().getChart();
    if (template == null || template.getSpec() == null) {
      throw new IllegalArgumentException("spec.chart.spec is required");
    }
    HelmChartTemplateSpec t = template.getSpec();
    if (t.getSourceRef() == null || t.getSourceRef().getName() == null) {
      throw new IllegalArgumentException("spec.chart.spec.sourceRef is required");
    }
    HelmChartSpec spec = new HelmChartSpec();
    spec.setChart(t.getChart());
    spec.setVersion(t.getVersion());
    HelmChartSourceReference source = new HelmChartSourceReference();
    source.setName(t.getSourceRef().getName());
    source.setKind(
        t.getSourceRef().getKind() == null
            ? null
            : HelmChartSourceKind.valueOf(t.getSourceRef().getKind().name()));
    spec.setSourceRef(source);
    String interval = t.getInterval();
    spec.setInterval(
        interval == null || interval.isEmpty() ? hr.getSpec().getInterval() : interval);
    if (t.getReconcileStrategy() != null) {
      spec.setReconcileStrategy(
          HelmChartReconcileStrategy.valueOf(t.getReconcileStrategy().name()));
    }
    if (t.getValuesFiles() != null) {
      spec.setValuesFiles(new ArrayList<>(t.getValuesFiles()));
    }
    spec.setIgnoreMissingValuesFiles(t.getIgnoreMissingValuesFiles());
    if (t.getVerify() != null) {
      SignatureVerification verify = new SignatureVerification();
      verify.setProvider(
          t.getVerify().getProvider() == null
              ? null
              : VerificationProvider.valueOf(t.getVerify().getProvider().name()));
      verify.setSecretRef(t.getVerify().getSecretRef());
      spec.setVerify(verify);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = null;
    HelmChartTemplateObjectMeta meta = template.getMetadata();
    if (meta != null) {
      if (meta.getLabels() != null) {
        labels.putAll(meta.getLabels());
      }
      if (meta.getAnnotations() != null) {
        annotations = new LinkedHashMap<>(meta.getAnnotations());
      }
    }
    labels.put(OWNER_NAME_LABEL, hr.getMetadata().getName());
    labels.put(OWNER_NAMESPACE_LABEL, hr.getMetadata().getNamespace());
    HelmChart chart = new HelmChart();
    chart.setMetadata(
        new ObjectMetaBuilder()
            .withName(ReleaseNames.helmChartName(hr))
            .withNamespace(namespace(hr))
            .withLabels(labels)
            .withAnnotations(annotations)
            .build());
    chart.setSpec(spec);
    return chart;
  }
}
