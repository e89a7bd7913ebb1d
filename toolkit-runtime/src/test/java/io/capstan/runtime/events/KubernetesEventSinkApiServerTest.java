package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.runtime.testkind.MutableClock;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link KubernetesEventSink} behind an {@link EventRecorder}, against a real API server. */
@WithKubernetes
class KubernetesEventSinkApiServerTest {

  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00.000001Z");

  private EventRecorder recorder(KubernetesClient client, Duration window) {
    return new EventRecorder(
        "source-controller",
        List.of(new KubernetesEventSink(client, "source-controller-0")),
        new EventRateLimiter(window, clock),
        clock);
  }

  private static List<Event> events(KubernetesClient client, KubeNamespace ns) {
    return client.v1().events().inNamespace(ns.name()).list().getItems().stream()
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
  }

  @Test
  @DisplayName("an event is a core/v1 Event in the object's namespace, whatever the client's")
  void writesEvent(KubernetesClient client, KubeNamespace ns, KubeControlPlane plane) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    try (KubernetesClient elsewhere =
        new KubernetesClientBuilder().withConfig(plane.clientConfig("default")).build()) {

      boolean recorded =
          recorder(elsewhere, Duration.ofMinutes(5))
              .record(
                  repo,
                  EventType.NORMAL,
                  "NewArtifact",
                  "stored artifact for commit 'Merge'",
                  Map.of(EventRecorder.REVISION, "main@sha1:0123abc"),
                  List.of());

      assertThat(recorded).isTrue();
    }

    List<Event> events = events(client, ns);
    assertThat(events).hasSize(1);
    Event event = events.get(0);
    assertThat(event.getMetadata().getNamespace()).isEqualTo(ns.name());
    assertThat(event.getMetadata().getName()).startsWith("podinfo.");
    assertThat(event.getMetadata().getAnnotations())
        .containsExactlyEntriesOf(Map.of("source.toolkit.fluxcd.io/revision", "main@sha1:0123abc"));
    assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("source.toolkit.fluxcd.io/v1");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("GitRepository");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("podinfo");
    assertThat(event.getInvolvedObject().getNamespace()).isEqualTo(ns.name());
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(repo.getMetadata().getUid());
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getReason()).isEqualTo("NewArtifact");
    assertThat(event.getMessage()).isEqualTo("stored artifact for commit 'Merge'");
    assertThat(event.getSource().getComponent()).isEqualTo("source-controller");
    assertThat(event.getReportingComponent()).isEqualTo("source-controller");
    assertThat(event.getReportingInstance()).isEqualTo("source-controller-0");
    assertThat(event.getCount()).isEqualTo(1);
    assertThat(event.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
    // The API server lists the object's events by field selector, as kubectl describe does.
    assertThat(
            client
                .v1()
                .events()
                .inNamespace(ns.name())
                .withField("involvedObject.uid", repo.getMetadata().getUid())
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  @DisplayName(
      "with a recorder window, identical events within it are handed on once; after it they are counted")
  void rateLimitsRepeats(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    EventRecorder recorder = recorder(client, Duration.ofMinutes(5));

    assertThat(recorder.record(repo, EventType.WARNING, "GitOperationFailed", "timeout")).isTrue();
    clock.advance(Duration.ofSeconds(30));
    assertThat(recorder.record(repo, EventType.WARNING, "GitOperationFailed", "timeout")).isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(recorder.record(repo, EventType.WARNING, "GitOperationFailed", "timeout")).isFalse();
    assertThat(events(client, ns)).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(recorder.record(repo, EventType.WARNING, "GitOperationFailed", "auth failed"))
        .isTrue();
    clock.advance(Duration.ofMinutes(5));
    assertThat(recorder.record(repo, EventType.WARNING, "GitOperationFailed", "timeout")).isTrue();

    assertThat(events(client, ns))
        .extracting(Event::getMessage, Event::getCount)
        .containsExactlyInAnyOrder(tuple("timeout", 2), tuple("auth failed", 1));
  }

  @Test
  @DisplayName("two distinct events at the same instant are both written")
  void sameInstant(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    EventRecorder recorder = recorder(client, Duration.ofMinutes(5));

    recorder.record(repo, EventType.NORMAL, "NewArtifact", "stored artifact");
    recorder.record(repo, EventType.NORMAL, "Succeeded", "ready");

    assertThat(events(client, ns))
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("NewArtifact", "Succeeded");
  }

  @Test
  @DisplayName("a message longer than the limit is stored cut to 1024 characters")
  void longMessage(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");

    recorder(client, Duration.ZERO)
        .record(repo, EventType.WARNING, "BuildFailed", "y".repeat(20_000));

    assertThat(events(client, ns).get(0).getMessage()).hasSize(1024).endsWith("...");
  }

  @Test
  @DisplayName(
      "a repeated event updates count and lastTimestamp of the one Event, as client-go does")
  void countsRepeats(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    EventRecorder recorder = recorder(client, Duration.ZERO);

    for (int i = 0; i < 3; i++) {
      assertThat(
              recorder.record(repo, EventType.NORMAL, "Progressing", "Deployment/a/web configured"))
          .isTrue();
      clock.advance(Duration.ofSeconds(60));
    }
    recorder.record(repo, EventType.NORMAL, "Progressing", "Service/a/web configured");

    List<Event> events = events(client, ns);
    assertThat(events).hasSize(2);
    Event counted =
        events.stream()
            .filter(e -> e.getMessage().startsWith("Deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(counted.getCount()).isEqualTo(3);
    assertThat(counted.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(counted.getLastTimestamp()).isEqualTo("2025-01-01T00:02:00Z");
  }

  @Test
  @DisplayName("when the Event to count is gone from the server, it is written again")
  void recreatesDeletedEvent(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    EventRecorder recorder = recorder(client, Duration.ZERO);
    recorder.record(repo, EventType.WARNING, "HealthCheckFailed", "timeout");
    client.v1().events().inNamespace(ns.name()).delete();

    clock.advance(Duration.ofSeconds(30));
    recorder.record(repo, EventType.WARNING, "HealthCheckFailed", "timeout");

    assertThat(events(client, ns)).extracting(Event::getMessage).containsExactly("timeout");
  }
}
