package io.capstan.notification.provider;

import com.google.protobuf.ByteString;
import io.capstan.notification.event.NotificationEvent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flux's {@code otel} Provider: one OTLP/HTTP request per event ({@code POST}, {@code Content-Type:
 * application/x-protobuf}, an {@code ExportTraceServiceRequest} with a single span), as Flux's
 * {@code OTLPTracer} exports it through the OpenTelemetry Go SDK.
 *
 * <ul>
 *   <li>Resource (schema {@value #SCHEMA_URL}): {@code service.instance.id} the Alert UID, {@code
 *       service.name} {@code <alert namespace>/<alert name>}, {@code service.namespace} the Alert
 *       namespace; scope {@value #SCOPE}.
 *   <li>Span {@code <kind>: <namespace>/<name>}, kind internal, start = the event's timestamp, end
 *       = when it is sent; attributes {@code object.uid}, {@code object.kind}, {@code object.name},
 *       {@code object.namespace}, then every metadata key (sorted); status {@code ERROR} with the
 *       message for error events, {@code OK} otherwise (the Go SDK keeps no description for OK).
 *   <li>IDs: trace id = first 16 bytes of {@code sha256("<alert UID>:<root revision>")}, span id =
 *       first 8 bytes of {@code sha256("<object UID>:<event revision>")}, parent span id = first 8
 *       bytes of {@code sha256("<parent UID>:<parent revision>")}. The root revision and the parent
 *       come from the API server: the Kustomization chain named by the object's {@code
 *       kustomize.toolkit.fluxcd.io/name|namespace} labels (read recursively), else the object's
 *       {@code spec.sourceRef}/{@code spec.chartRef}.
 *   <li>Events about HelmRepositories are skipped (not a trace root in Flux).
 * </ul>
 */
public final class OtelNotifier implements Notifier {

  /** The semconv schema of Flux's resource (semconv v1.40.0). */
  public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.40.0";

  /** Flux's tracer (instrumentation scope) name. */
  public static final String SCOPE = "flux:notification-controller";

  /** The OTLP/HTTP traces path the Go exporter uses when the URL has none. */
  public static final String DEFAULT_PATH = "/v1/traces";

  static final String KUSTOMIZATION_API = "kustomize.toolkit.fluxcd.io/v1";
  static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
  static final String KS_NAME_LABEL = "kustomize.toolkit.fluxcd.io/name";
  static final String KS_NAMESPACE_LABEL = "kustomize.toolkit.fluxcd.io/namespace";
  private static final Set<String> SOURCE_KINDS =
      Set.of("GitRepository", "HelmChart", "OCIRepository", "Bucket", "ExternalArtifact");

  /** Reads one object from the API server (null when absent or unreadable). */
  @FunctionalInterface
  public interface ObjectReader {
    GenericKubernetesResource get(String apiVersion, String kind, String namespace, String name);
  }

  /** The Alert an event is sent for (its metadata becomes the trace's resource). */
  public record AlertRef(String namespace, String name, String uid) {}

  private final URI endpoint;
  private final Map<String, String> headers;
  private final Clock clock;

  OtelNotifier(URI address, Map<String, String> headers, Clock clock) {
    this.endpoint = endpoint(address);
    this.headers = new LinkedHashMap<>(headers);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The settings' headers with the {@code Authorization} Flux's OTLP tracer adds: only when the
   * secret has headers and none is {@code Authorization}: {@code Bearer <password>} without a
   * username, else {@code Basic base64(username:password)} when the password is set.
   */
  static Map<String, String> headers(ProviderSettings settings) {
    Map<String, String> h = new TreeMap<>(settings.headers());
    if (!h.isEmpty() && (h.get("Authorization") == null || h.get("Authorization").isEmpty())) {
      String username = settings.username() == null ? "" : settings.username();
      String password = settings.password() == null ? "" : settings.password();
      if (username.isEmpty()) {
        h.put("Authorization", "Bearer " + password);
      } else if (!password.isEmpty()) {
        h.put(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return h;
  }

  /** The OTLP endpoint: the address with {@value #DEFAULT_PATH} when its path is empty or "/". */
  static URI endpoint(URI address) {
    String path = address.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/") || path.equals(".")) {
      return address.resolve(DEFAULT_PATH);
    }
    return address;
  }

  /** The OTLP endpoint requests go to. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Always fails: the span depends on the Alert and on objects read from the API server (Flux fails
   * with "alert metadata not found in context" likewise); use {@link #request( NotificationEvent,
   * AlertRef, ObjectReader)}.
   */
  @Override
  public OutboundRequest request(NotificationEvent event) {
    throw new IllegalArgumentException("alert metadata not found in context");
  }

  /** The export request for {@code event} sent for {@code alert}, or null when skipped. */
  public OutboundRequest request(NotificationEvent event, AlertRef alert, ObjectReader reader) {
    ExportTraceServiceRequest export = export(event, alert, reader);
    if (export == null) {
      return null;
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-protobuf");
    h.putAll(headers);
    return new OutboundRequest("POST", endpoint, h, export.toByteArray());
  }

  /** The OTLP message for {@code event}, or null when Flux skips it (HelmRepository). */
  ExportTraceServiceRequest export(NotificationEvent event, AlertRef alert, ObjectReader reader) {
    Objects.requireNonNull(alert, "alert");
    NotificationEvent.InvolvedObject object = event.involvedObject();
    String kind = nz(object.kind());
    if ("HelmRepository".equals(kind)) {
      return null;
    }
    List<IdSource> generators = kustomizations(reader, object, new HashSet<>());
    String parentRevision = revision(event);
    String parentUid = "";
    String revision = parentRevision;
    if (!generators.isEmpty()) {
      IdSource root = generators.get(generators.size() - 1);
      revision = root.revision();
      if (isSource(kind)) {
        parentUid = generators.get(0).uid();
        parentRevision = generators.get(0).revision();
      } else if (parentRevision.equals(revision)) {
        parentUid = root.uid();
      } else {
        parentUid = parentUid(reader, object);
      }
    } else if (!isSource(kind)) {
      parentUid = parentUid(reader, object);
    }

    byte[] traceId = Arrays.copyOf(id(nz(alert.uid()), revision), 16);
    byte[] spanId = Arrays.copyOf(id(nz(object.uid()), revision(event)), 8);
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(spanId))
            .setFlags(SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE)
            .setName(kind + ": " + nz(object.namespace()) + "/" + nz(object.name()))
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL);
    if (!parentUid.isEmpty()) {
      span.setParentSpanId(ByteString.copyFrom(Arrays.copyOf(id(parentUid, parentRevision), 8)));
    }
    Instant now = clock.instant();
    Instant start = timestamp(event.timestamp(), now);
    span.setStartTimeUnixNano(nanos(start)).setEndTimeUnixNano(nanos(now));
    span.addAttributes(attribute("object.uid", nz(object.uid())))
        .addAttributes(attribute("object.kind", kind))
        .addAttributes(attribute("object.name", nz(object.name())))
        .addAttributes(attribute("object.namespace", nz(object.namespace())));
    new TreeMap<>(event.metadata()).forEach((k, v) -> span.addAttributes(attribute(k, v)));
    if (NotificationEvent.ERROR.equals(event.severity())) {
      span.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage(nz(event.message())));
    } else {
      span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
    }
    Resource resource =
        Resource.newBuilder()
            .addAttributes(attribute("service.instance.id", nz(alert.uid())))
            .addAttributes(
                attribute("service.name", nz(alert.namespace()) + "/" + nz(alert.name())))
            .addAttributes(attribute("service.namespace", nz(alert.namespace())))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .setSchemaUrl(SCHEMA_URL)
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(SCOPE))
                        .addSpans(span)))
        .build();
  }

  /** A Kustomization (or the object's parent) as an ID source: UID and revision. */
  record IdSource(String uid, String revision) {}

  /**
   * The Kustomizations that manage {@code object}, nearest first, root last (Flux's {@code
   * getKustFromLabels}); stops at a Kustomization already seen (a self-managed flux-system).
   */
  private static List<IdSource> kustomizations(
      ObjectReader reader, NotificationEvent.InvolvedObject object, Set<String> seen) {
    List<IdSource> chain = new ArrayList<>();
    String apiVersion = object.apiVersion();
    String kind = object.kind();
    String namespace = object.namespace();
    String name = object.name();
    while (true) {
      GenericKubernetesResource meta = reader.get(apiVersion, kind, namespace, name);
      if (meta == null || meta.getMetadata() == null) {
        return chain;
      }
      Map<String, String> labels = meta.getMetadata().getLabels();
      String ksName = labels == null ? null : labels.get(KS_NAME_LABEL);
      String ksNamespace = labels == null ? null : labels.get(KS_NAMESPACE_LABEL);
      if (ksName == null || ksName.isEmpty() || ksNamespace == null || ksNamespace.isEmpty()) {
        return chain;
      }
      if (!seen.add(ksNamespace + "/" + ksName)) {
        return chain;
      }
      GenericKubernetesResource ks =
          reader.get(KUSTOMIZATION_API, "Kustomization", ksNamespace, ksName);
      if (ks == null || ks.getMetadata() == null) {
        return chain;
      }
      chain.add(new IdSource(nz(ks.getMetadata().getUid()), appliedRevision(ks)));
      apiVersion = KUSTOMIZATION_API;
      kind = "Kustomization";
      namespace = ksNamespace;
      name = ksName;
    }
  }

  /** {@code status.lastAppliedRevision}, else {@code status.artifact.revision}, else unknown. */
  static String appliedRevision(GenericKubernetesResource object) {
    Object status = object.getAdditionalProperties().get("status");
    if (status instanceof Map<?, ?> s) {
      if (s.get("lastAppliedRevision") instanceof String rev) {
        return rev;
      }
      if (s.get("artifact") instanceof Map<?, ?> artifact
          && artifact.get("revision") instanceof String rev) {
        return rev;
      }
    }
    return "unknown";
  }

  /**
   * The UID of the object's source: {@code spec.chartRef}, overridden by {@code spec.sourceRef} (a
   * HelmRepository source means its HelmChart, as Flux), read as {@code
   * source.toolkit.fluxcd.io/v1}; empty when there is none or it cannot be read.
   */
  private static String parentUid(ObjectReader reader, NotificationEvent.InvolvedObject object) {
    GenericKubernetesResource obj =
        reader.get(object.apiVersion(), object.kind(), object.namespace(), object.name());
    if (obj == null) {
      return "";
    }
    String kind = object.kind();
    String name = "";
    String namespace = "";
    Object spec = obj.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> s) {
      if (s.get("chartRef") instanceof Map<?, ?> chartRef) {
        kind = str(chartRef.get("kind"));
        name = str(chartRef.get("name"));
        namespace = str(chartRef.get("namespace"));
        if (namespace.isEmpty()) {
          namespace = nz(object.namespace());
        }
      }
      if (s.get("sourceRef") instanceof Map<?, ?> sourceRef) {
        kind = str(sourceRef.get("kind"));
        if ("HelmRepository".equals(kind)) {
          kind = "HelmChart";
        }
        name = str(sourceRef.get("name"));
        namespace = str(sourceRef.get("namespace"));
        if (namespace.isEmpty()) {
          namespace = nz(object.namespace());
        }
      }
    }
    if (!name.isEmpty()) {
      GenericKubernetesResource source = reader.get(SOURCE_API, kind, namespace, name);
      if (source != null && source.getMetadata() != null) {
        return nz(source.getMetadata().getUid());
      }
    }
    return "";
  }

  /**
   * Flux's {@code getRevision}: {@code source-revision} metadata, else {@code
   * <app-version>@<oci-digest>} when both are set, else {@code revision}; {@code unknown} without a
   * revision.
   */
  static String revision(NotificationEvent event) {
    String revision = event.revision();
    if (revision == null) {
      return "unknown";
    }
    Map<String, String> metadata = event.metadata();
    if (metadata.containsKey("source-revision")) {
      return metadata.get("source-revision");
    }
    if (metadata.containsKey("oci-digest") && metadata.containsKey("app-version")) {
      return metadata.get("app-version") + "@" + metadata.get("oci-digest");
    }
    return revision;
  }

  /** {@code sha256("<uid>:<revision>")}. */
  static byte[] id(String uid, String revision) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((uid + ":" + revision).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isSource(String kind) {
    return SOURCE_KINDS.contains(kind);
  }

  private static Instant timestamp(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return now; // the Go SDK starts a span "now" for a zero timestamp
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return now;
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(nz(value)))
        .build();
  }

  private static String str(Object o) {
    return o instanceof String s ? s : "";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
