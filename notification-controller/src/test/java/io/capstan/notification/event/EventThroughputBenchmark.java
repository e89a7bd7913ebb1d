package io.capstan.notification.event;

import static io.capstan.notification.Fixtures.alert;
import static io.capstan.notification.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.EventSeverity;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.alert.AlertMatcher;
import io.capstan.notification.provider.NotificationSender;
import io.capstan.notification.provider.ProviderResolver;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Event throughput (BENCHMARKS.md; not a test: runs with {@code -Pbench} or {@code
 * -Dcapstan.bench=true}): 10,000 events from 3 sources POSTed to the event server by 4 client
 * threads, 20 Alerts over 5 generic Providers (loopback HTTP servers in the same JVM). Prints
 * events/s accepted, intake-to-delivered latency p50/p99 and the JVM's peak RSS.
 */
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class EventThroughputBenchmark {

  @Test
  void throughput() throws Exception {
    int events = Integer.getInteger("capstan.bench.events", 10_000);
    List<RecordingServer> sinks = new ArrayList<>();
    Map<String, Provider> providers = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      RecordingServer s = new RecordingServer();
      s.countOnly();
      sinks.add(s);
      providers.put("p" + i, EventDispatcherTest.provider("p" + i, "generic", s.url("/p" + i)));
    }
    String[] kinds = {"Kustomization", "GitRepository", "HelmRelease"};
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // every Alert takes one kind; the three kinds spread over 20 Alerts and 5 Providers
      alerts.add(
          alert(
              "apps",
              "a" + i,
              "p" + (i % 5),
              i % 4 == 0 ? EventSeverity.error : EventSeverity.info,
              source(kinds[i % 3], "*", null)));
    }
    EventDispatcher dispatcher =
        new EventDispatcher(
            new EventDispatcher.Sources() {
              @Override
              public List<Alert> alerts() {
                return alerts;
              }

              @Override
              public Provider provider(String namespace, String name) {
                return providers.get(name);
              }

              @Override
              public Map<String, String> labels(NotificationEvent.InvolvedObject object) {
                return Map.of();
              }
            },
            new AlertMatcher(false),
            new ProviderResolver(new KubernetesClientBuilder().build()),
            NotificationSender.RetryPolicy.DEFAULT,
            null,
            100_000);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    dispatcher.onDelivered(latencies::add);
    try (EventServer server =
        EventServer.start(
            "127.0.0.1:0",
            dispatcher,
            new DuplicateEventLimiter(Duration.ofMinutes(5), Clock.systemUTC()),
            EventServer.DEFAULT_MAX_BODY_BYTES)) {
      URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      int perThread = events / 4;
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String kind = kinds[i % 3];
                    String body =
                        "{\"involvedObject\":{\"kind\":\""
                            + kind
                            + "\",\"namespace\":\"apps\",\"name\":\"obj-"
                            + (i % 50)
                            + "\",\"apiVersion\":\"x.toolkit.fluxcd.io/v1\"},\"severity\":\""
                            + (i % 10 == 0 ? "error" : "info")
                            + "\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"event "
                            + thread
                            + "-"
                            + i
                            + "\",\"reason\":\"ReconciliationSucceeded\","
                            + "\"reportingController\":\"bench\"}";
                    HttpResponse<Void> r =
                        http.send(
                            HttpRequest.newBuilder(uri)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 202) {
                      throw new IllegalStateException("status " + r.statusCode());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      long accepted = System.nanoTime() - start;
      assertThat(dispatcher.awaitIdle(Duration.ofMinutes(5))).isTrue();
      long drained = System.nanoTime() - start;
      clients.shutdown();
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          "[bench] events=%d accepted in %.2f s (%.0f events/s); notifications delivered=%d in"
              + " %.2f s (%.0f/s); dispatch latency p50=%.1f ms p99=%.1f ms; failed=%d;"
              + " peak RSS %s%n",
          events,
          accepted / 1e9,
          events / (accepted / 1e9),
          dispatcher.sent(),
          drained / 1e9,
          dispatcher.sent() / (drained / 1e9),
          percentile(sorted, 50) / 1e6,
          percentile(sorted, 99) / 1e6,
          dispatcher.failed(),
          peakRss());
      assertThat(dispatcher.failed()).isZero();
      // at least every delivery arrived; a retry after an answer slower than the timeout (on a
      // loaded machine) can make the sinks see one request twice
      assertThat(sinks.stream().mapToInt(RecordingServer::count).sum())
          .isGreaterThanOrEqualTo((int) dispatcher.sent());
    } finally {
      dispatcher.close();
      sinks.forEach(RecordingServer::close);
    }
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String peakRss() throws Exception {
    return Arrays.stream(Files.readString(Path.of("/proc/self/status")).split("\n"))
        .filter(l -> l.startsWith("VmHWM"))
        .findFirst()
        .orElse("VmHWM: ?")
        .replaceAll("\\s+", " ");
  }
}
