package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.capstan.notification.Fixtures;
import io.capstan.notification.NotificationController;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code otel} Provider end to end: the whole controller against a real API server (the
 * Kustomization chain and sources it reads), events posted to its intake, and an OTLP/HTTP
 * collector on loopback that decodes the protobuf body and checks the spans Flux would send.
 */
@WithKubernetes
class OtelProviderTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One request the collector received. */
  record Export(String method, String path, Map<String, String> headers, byte[] body) {
    ExportTraceServiceRequest decoded() throws Exception {
      return ExportTraceServiceRequest.parseFrom(body);
    }
  }

  private KubernetesClient client;
  private String ns;
  private NotificationController controller;
  private HttpServer collector;
  private final List<Export> exports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(KubernetesClient client, KubeNamespace namespace) throws Exception {
    this.client = client;
    this.ns = namespace.name();
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        ex -> {
          byte[] body;
          try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
          }
          Map<String, String> headers = new LinkedHashMap<>();
          ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          exports.add(
              new Export(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body));
          ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    collector.start();
    controller =
        NotificationController.builder()
            .client(client)
            .options(Fixtures.loopbackOptions(ns))
            .retryPolicy(
                new NotificationSender.RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50)))
            .build();
    controller.start();
  }

  @AfterEach
  void stop() {
    controller.close();
    collector.stop(0);
  }

  private HasMetadata apply(String yaml) {
    return client.resource(yaml).inNamespace(ns).createOr(r -> r.update());
  }

  private void status(HasMetadata r, Map<String, Object> status) {
    GenericKubernetesResource fresh =
        client
            .genericKubernetesResources(r.getApiVersion(), r.getKind())
            .inNamespace(ns)
            .withName(r.getMetadata().getName())
            .get();
    fresh.setAdditionalProperty("status", status);
    client
        .genericKubernetesResources(r.getApiVersion(), r.getKind())
        .inNamespace(ns)
        .resource(fresh)
        .updateStatus();
  }

  private int post(String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + controller.eventsAddress().getPort() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private String event(
      String apiVersion,
      String kind,
      String name,
      String uid,
      String severity,
      String message,
      String metadata) {
    return """
        {"involvedObject":{"kind":"%s","namespace":"%s","name":"%s","apiVersion":"%s","uid":"%s"},
         "severity":"%s","timestamp":"2026-01-02T03:04:05Z","message":"%s",
         "reason":"ReconciliationSucceeded","metadata":{%s},
         "reportingController":"test-controller","reportingInstance":"t-1"}
        """
        .formatted(kind, ns, name, apiVersion, uid, severity, message, metadata);
  }

  private static ByteString hash(String uid, String revision, int length) throws Exception {
    byte[] sum =
        MessageDigest.getInstance("SHA-256")
            .digest((uid + ":" + revision).getBytes(StandardCharsets.UTF_8));
    return ByteString.copyFrom(Arrays.copyOf(sum, length));
  }

  /** Every span received so far, in order. */
  private List<Span> spans() {
    return exports.stream()
        .flatMap(
            e -> {
              try {
                return e.decoded().getResourceSpansList().stream();
              } catch (Exception ex) {
                throw new AssertionError(ex);
              }
            })
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .toList();
  }

  /** The first span received whose status message or name matches, waiting for it. */
  private Span awaitSpan(String name, String marker) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> spans().stream().anyMatch(sp -> matches(sp, name, marker)));
    return spans().stream().filter(sp -> matches(sp, name, marker)).findFirst().orElseThrow();
  }

  private static boolean matches(Span span, String name, String marker) {
    return span.getName().equals(name)
        && (marker == null || attributes(span.getAttributesList()).containsValue(marker));
  }

  private static Map<String, String> attributes(List<KeyValue> kvs) {
    return kvs.stream()
        .collect(
            Collectors.toMap(
                KeyValue::getKey,
                kv -> kv.getValue().getStringValue(),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  @Test
  @DisplayName(
      "events become OTLP/protobuf spans: IDs from the Alert, the Kustomization chain and sources")
  void spansAsFluxSendsThem() throws Exception {
    // the lineage Flux reads: flux-system (self-managed root) -> apps -> GitRepository podinfo
    HasMetadata root =
        apply(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: flux-system
              labels: {kustomize.toolkit.fluxcd.io/name: flux-system, kustomize.toolkit.fluxcd.io/namespace: %s}
            spec: {interval: 10m, prune: true, path: ./, sourceRef: {kind: GitRepository, name: flux-system}}
            """
                .formatted(ns));
    status(root, Map.of("lastAppliedRevision", "main@sha1:root"));
    HasMetadata apps =
        apply(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              labels: {kustomize.toolkit.fluxcd.io/name: flux-system, kustomize.toolkit.fluxcd.io/namespace: %s}
            spec: {interval: 10m, prune: true, path: ./apps, sourceRef: {kind: GitRepository, name: podinfo}}
            """
                .formatted(ns));
    status(apps, Map.of("lastAppliedRevision", "6.0.0@sha1:app"));
    HasMetadata podinfo =
        apply(
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: podinfo
              labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: %s}
            spec: {interval: 1m, url: "https://example.invalid/podinfo"}
            """
                .formatted(ns));
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: otel-auth}
        stringData:
          username: flux
          password: s3cret-pass
          headers: |
            X-Scope-OrgID: tenant-1
        """);
    apply(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata: {name: tempo}
        spec: {type: otel, address: "http://127.0.0.1:%d", secretRef: {name: otel-auth}}
        """
            .formatted(collector.getAddress().getPort()));
    HasMetadata alert =
        apply(
            """
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata: {name: traces}
            spec:
              providerRef: {name: tempo}
              eventSources:
                - {kind: Kustomization, name: "*"}
                - {kind: GitRepository, name: "*"}
                - {kind: HelmRepository, name: "*"}
              eventMetadata: {cluster: prod}
            """);
    String alertUid = alert.getMetadata().getUid();
    String appsUid = apps.getMetadata().getUid();
    String rootUid = root.getMetadata().getUid();
    String podinfoUid = podinfo.getMetadata().getUid();

    // 1. the Kustomization apps applied its own revision (differs from the root's): parent = its
    // GitRepository
    Instant before = Instant.now();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              post(
                  event(
                      "kustomize.toolkit.fluxcd.io/v1",
                      "Kustomization",
                      "apps",
                      appsUid,
                      "info",
                      "applied " + System.nanoTime(),
                      "\"kustomize.toolkit.fluxcd.io/revision\":\"6.0.0@sha1:app\""));
              return !exports.isEmpty();
            });
    Export first = exports.get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/v1/traces");
    assertThat(first.headers())
        .containsEntry("content-type", "application/x-protobuf")
        .containsEntry("x-scope-orgid", "tenant-1")
        .containsEntry(
            "authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("flux:s3cret-pass".getBytes(StandardCharsets.UTF_8)));
    ExportTraceServiceRequest export = first.decoded();
    assertThat(export.getResourceSpansCount()).isEqualTo(1);
    ResourceSpans rs = export.getResourceSpans(0);
    assertThat(rs.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.40.0");
    assertThat(attributes(rs.getResource().getAttributesList()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "service.name", ns + "/traces",
                "service.namespace", ns,
                "service.instance.id", alertUid));
    assertThat(rs.getScopeSpansCount()).isEqualTo(1);
    assertThat(rs.getScopeSpans(0).getScope().getName()).isEqualTo("flux:notification-controller");
    assertThat(rs.getScopeSpans(0).getSpansCount()).isEqualTo(1);
    Span span = rs.getScopeSpans(0).getSpans(0);
    assertThat(span.getName()).isEqualTo("Kustomization: " + ns + "/apps");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(span.getTraceId()).isEqualTo(hash(alertUid, "main@sha1:root", 16));
    assertThat(span.getSpanId()).isEqualTo(hash(appsUid, "6.0.0@sha1:app", 8));
    assertThat(span.getParentSpanId()).isEqualTo(hash(podinfoUid, "6.0.0@sha1:app", 8));
    assertThat(span.getStartTimeUnixNano())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond() * 1_000_000_000L);
    assertThat(span.getEndTimeUnixNano())
        .isGreaterThanOrEqualTo(before.getEpochSecond() * 1_000_000_000L);
    Map<String, String> attrs = attributes(span.getAttributesList());
    assertThat(List.copyOf(attrs.keySet()).subList(0, 4))
        .containsExactly("object.uid", "object.kind", "object.name", "object.namespace");
    assertThat(attrs)
        .containsEntry("object.uid", appsUid)
        .containsEntry("object.kind", "Kustomization")
        .containsEntry("object.name", "apps")
        .containsEntry("object.namespace", ns)
        .containsEntry("revision", "6.0.0@sha1:app")
        .containsEntry("cluster", "prod");
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    assertThat(span.getStatus().getMessage()).isEmpty();

    // 2. an error on the GitRepository: a source under apps, parent = apps at apps' revision
    assertThat(
            post(
                event(
                    "source.toolkit.fluxcd.io/v1",
                    "GitRepository",
                    "podinfo",
                    podinfoUid,
                    "error",
                    "fetch failed",
                    "\"source.toolkit.fluxcd.io/revision\":\"6.0.1@sha1:new\"")))
        .isEqualTo(202);
    Span error = awaitSpan("GitRepository: " + ns + "/podinfo", "6.0.1@sha1:new");
    assertThat(error.getTraceId()).isEqualTo(hash(alertUid, "main@sha1:root", 16));
    assertThat(error.getSpanId()).isEqualTo(hash(podinfoUid, "6.0.1@sha1:new", 8));
    assertThat(error.getParentSpanId()).isEqualTo(hash(appsUid, "6.0.0@sha1:app", 8));
    assertThat(error.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(error.getStatus().getMessage()).isEqualTo("fetch failed");

    // 3. the root Kustomization at the root revision: parent is itself (self-managed root; Flux
    // reads the chain recursively, Capstan stops at a Kustomization already seen)
    post(
        event(
            "kustomize.toolkit.fluxcd.io/v1",
            "Kustomization",
            "flux-system",
            rootUid,
            "info",
            "root applied",
            "\"kustomize.toolkit.fluxcd.io/revision\":\"main@sha1:root\""));
    Span rootSpan = awaitSpan("Kustomization: " + ns + "/flux-system", null);
    assertThat(rootSpan.getTraceId()).isEqualTo(hash(alertUid, "main@sha1:root", 16));
    assertThat(rootSpan.getSpanId()).isEqualTo(hash(rootUid, "main@sha1:root", 8));
    assertThat(rootSpan.getParentSpanId()).isEqualTo(hash(rootUid, "main@sha1:root", 8));

    // 4. HelmRepository events are skipped: the event posted before another one never arrives
    post(
        event(
            "source.toolkit.fluxcd.io/v1",
            "HelmRepository",
            "charts",
            "hr-uid",
            "info",
            "indexed",
            "\"source.toolkit.fluxcd.io/revision\":\"sha256:abc\""));
    post(
        event(
            "source.toolkit.fluxcd.io/v1",
            "GitRepository",
            "podinfo",
            podinfoUid,
            "info",
            "stored",
            "\"source.toolkit.fluxcd.io/revision\":\"6.0.2@sha1:x\""));
    awaitSpan("GitRepository: " + ns + "/podinfo", "6.0.2@sha1:x");
    Thread.sleep(300);
    assertThat(spans()).extracting(Span::getName).noneMatch(n -> n.startsWith("HelmRepository"));
    assertThat(exports)
        .allSatisfy(
            e ->
                assertThat(new String(e.body(), StandardCharsets.ISO_8859_1))
                    .doesNotContain("s3cret-pass"));
  }

  @Test
  @DisplayName("the Authorization header follows Flux: only with secret headers; Bearer or Basic")
  void authorizationHeader() {
    ProviderSettings none =
        ProviderSettings.builder("otel").address("http://h").password("tok").build();
    assertThat(OtelNotifier.headers(none)).isEmpty(); // Flux adds auth only beside headers
    ProviderSettings bearer =
        ProviderSettings.builder("otel")
            .address("http://h")
            .password("tok")
            .headers(Map.of("X-A", "1"))
            .build();
    assertThat(OtelNotifier.headers(bearer)).containsEntry("Authorization", "Bearer tok");
    ProviderSettings basicNoPassword =
        ProviderSettings.builder("otel")
            .address("http://h")
            .username("u")
            .headers(Map.of("X-A", "1"))
            .build();
    assertThat(OtelNotifier.headers(basicNoPassword)).doesNotContainKey("Authorization");
    ProviderSettings explicit =
        ProviderSettings.builder("otel")
            .address("http://h")
            .username("u")
            .password("p")
            .headers(Map.of("Authorization", "ApiKey k"))
            .build();
    assertThat(OtelNotifier.headers(explicit)).containsEntry("Authorization", "ApiKey k");
  }

  @Test
  @DisplayName("the endpoint is the address, /v1/traces when it has no path")
  void endpoint() {
    assertThat(OtelNotifier.endpoint(URI.create("http://c:4318")))
        .isEqualTo(URI.create("http://c:4318/v1/traces"));
    assertThat(OtelNotifier.endpoint(URI.create("http://c:4318/")))
        .isEqualTo(URI.create("http://c:4318/v1/traces"));
    assertThat(OtelNotifier.endpoint(URI.create("https://c/otlp/v1/traces")))
        .isEqualTo(URI.create("https://c/otlp/v1/traces"));
  }

  private static io.capstan.notification.event.NotificationEvent withMetadata(
      Map<String, String> metadata) {
    return new io.capstan.notification.event.NotificationEvent(
        new io.capstan.notification.event.NotificationEvent.InvolvedObject(
            "source.toolkit.fluxcd.io/v1", "OCIRepository", "apps", "podinfo", "u", null),
        "info",
        null,
        "m",
        "r",
        metadata,
        "source-controller",
        null);
  }

  @Test
  @DisplayName("the span revision: source-revision, else app-version@oci-digest, else revision")
  void spanRevision() {
    assertThat(OtelNotifier.revision(withMetadata(Map.of()))).isEqualTo("unknown");
    assertThat(OtelNotifier.revision(withMetadata(Map.of("source-revision", "s"))))
        .isEqualTo("unknown");
    assertThat(OtelNotifier.revision(withMetadata(Map.of("revision", "r1")))).isEqualTo("r1");
    assertThat(
            OtelNotifier.revision(
                withMetadata(
                    Map.of("revision", "r1", "oci-digest", "sha256:d", "app-version", "6.0"))))
        .isEqualTo("6.0@sha256:d");
    assertThat(
            OtelNotifier.revision(
                withMetadata(
                    Map.of(
                        "revision", "r1",
                        "source-revision", "main@sha1:s",
                        "oci-digest", "sha256:d",
                        "app-version", "6.0"))))
        .isEqualTo("main@sha1:s");
  }
}
