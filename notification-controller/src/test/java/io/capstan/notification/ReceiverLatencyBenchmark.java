package io.capstan.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.notification.v1.Receiver;
import io.capstan.notification.receiver.WebhookPath;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Receiver latency (BENCHMARKS.md; not a test: runs with {@code -Pbench}, or {@code
 * -Dcapstan.bench=true}): a generic Receiver on the real controller and a real API server; for each
 * of N webhook calls, the time from sending the POST to its 200 (the annotation is patched before
 * the answer) and to the moment a GET of the GitRepository shows the new {@code
 * reconcile.fluxcd.io/requestedAt}. Prints p50/p99/max.
 */
@WithKubernetes
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class ReceiverLatencyBenchmark {

  @Test
  void webhookToRequestedAt(KubernetesClient client, KubeNamespace namespace) throws Exception {
    int calls = Integer.getInteger("capstan.bench.receiverCalls", 200);
    String ns = namespace.name();
    try (NotificationController controller =
        NotificationController.builder()
            .client(client)
            .options(Fixtures.loopbackOptions(ns))
            .receiverRatePerSecond(0)
            .build()) {
      controller.start();
      for (String yaml :
          new String[] {
            "apiVersion: v1\nkind: Secret\nmetadata: {name: token}\nstringData: {token: b3nch}\n",
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
                + "metadata: {name: podinfo}\nspec: {url: \"https://example.com/p.git\","
                + " interval: 10m}\n",
            "apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\n"
                + "metadata: {name: hook}\nspec:\n  type: generic\n  secretRef: {name: token}\n"
                + "  resources:\n    - {kind: GitRepository, name: podinfo}\n"
          }) {
        client.resource(yaml).inNamespace(ns).createOr(r -> r.update());
      }
      String path = WebhookPath.of("b3nch", "hook", ns);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Receiver r =
                    client.resources(Receiver.class).inNamespace(ns).withName("hook").get();
                return r.getStatus() != null && path.equals(r.getStatus().getWebhookPath());
              });
      URI uri = URI.create("http://127.0.0.1:" + controller.receiverAddress().getPort() + path);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest post =
          HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      var repos =
          client
              .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
              .inNamespace(ns)
              .withName("podinfo");
      long[] answered = new long[calls];
      long[] visible = new long[calls];
      for (int i = 0; i < calls; i++) {
        String before =
            repos.get().getMetadata().getAnnotations().get("reconcile.fluxcd.io/requestedAt");
        long start = System.nanoTime();
        int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        answered[i] = System.nanoTime() - start;
        assertThat(status).isEqualTo(200);
        while (before.equals(
            repos.get().getMetadata().getAnnotations().get("reconcile.fluxcd.io/requestedAt"))) {
          Thread.sleep(1);
        }
        visible[i] = System.nanoTime() - start;
      }
      Arrays.sort(answered);
      Arrays.sort(visible);
      System.out.printf(
          "[bench] receiver calls=%d; webhook -> 200 (requestedAt patched) p50=%.1f ms p99=%.1f ms"
              + " max=%.1f ms; webhook -> requestedAt read back p50=%.1f ms p99=%.1f ms max=%.1f"
              + " ms%n",
          calls,
          pct(answered, 50),
          pct(answered, 99),
          answered[calls - 1] / 1e6,
          pct(visible, 50),
          pct(visible, 99),
          visible[calls - 1] / 1e6);
    }
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
