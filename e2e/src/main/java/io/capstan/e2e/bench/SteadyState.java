package io.capstan.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The steady-state cost of one no-change reconcile: a Kustomization that is already Ready at the
 * current revision is asked to reconcile ({@code reconcile.fluxcd.io/requestedAt}), and the
 * controller's requests between the request and a quiet second after {@code
 * status.lastHandledReconcileAt} shows it are counted. Nothing else changes meanwhile, so every
 * request in that window belongs to that reconcile.
 */
final class SteadyState {

  private static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

  /**
   * Medians over the samples: requests per reconcile, the time from its first to its last request,
   * and from the annotation to the handled status being visible; {@code shapes} are the requests of
   * the last sample (method and path).
   */
  record Sample(int requests, long spanMs, long latencyMs, List<String> shapes) {}

  private SteadyState() {}

  static Sample measure(
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          kustomizations,
      int n,
      int samples,
      Path requestLog)
      throws IOException, InterruptedException {
    List<Integer> counts = new ArrayList<>();
    List<Long> spans = new ArrayList<>();
    List<Long> latencies = new ArrayList<>();
    List<String> shapes = List.of();
    for (int s = 0; s < samples; s++) {
      String name = "k" + (s * (n / samples));
      int before = RequestLogFile.lines(requestLog).size();
      String token = Instant.now().toString() + "-" + s;
      long t0 = System.currentTimeMillis();
      kustomizations
          .withName(name)
          .edit(
              k -> {
                Map<String, String> annotations = new TreeMap<>();
                if (k.getMetadata().getAnnotations() != null) {
                  annotations.putAll(k.getMetadata().getAnnotations());
                }
                annotations.put(REQUESTED_AT, token);
                k.getMetadata().setAnnotations(annotations);
                return k;
              });
      long deadline = t0 + 60_000;
      while (!token.equals(
          FleetFixture.statusField(
              kustomizations.withName(name).get(), "lastHandledReconcileAt"))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(name + " did not handle " + token + " within 60 s");
        }
        Thread.sleep(20);
      }
      long latency = System.currentTimeMillis() - t0;
      Thread.sleep(1500); // quiet time for trailing requests (events, a second reconcile)
      List<RequestLogFile.Entry> window = RequestLogFile.since(requestLog, before);
      counts.add(window.size());
      spans.add(
          window.isEmpty()
              ? 0
              : window.get(window.size() - 1).epochMillis() - window.get(0).epochMillis());
      latencies.add(latency);
      shapes = window.stream().map(RequestLogFile.Entry::shape).toList();
      System.out.println(
          "STEADY " + name + " requests=" + window.size() + " latencyMs=" + latency + " " + shapes);
    }
    return new Sample(median(counts), median(spans), median(latencies), shapes);
  }

  private static <T extends Comparable<T>> T median(List<T> values) {
    List<T> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
