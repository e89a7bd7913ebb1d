package io.capstan.runtime.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Flux-style events about reconciled objects: scrubs secrets from the message, prefixes
 * metadata keys with the object's API group ({@code revision} → {@code
 * source.toolkit.fluxcd.io/revision}, Flux's convention), drops repeats within the rate-limit
 * window, and hands the event to every sink. Never throws because a sink failed.
 */
public final class EventRecorder {

  /** Metadata key of the revision an event is about (Flux's {@code MetaRevisionKey}). */
  public static final String REVISION = "revision";

  /** Metadata key of a token that groups events of one reconcile (Flux's {@code MetaTokenKey}). */
  public static final String TOKEN = "token";

  /** Metadata key of the revision of the origin source (Flux's {@code MetaOriginRevisionKey}). */
  public static final String ORIGIN_REVISION = "originRevision";

  /** Metadata key of an artifact digest (Flux's {@code MetaDigestKey}). */
  public static final String DIGEST = "digest";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final String controller;
  private final List<EventSink> sinks;
  private final EventRateLimiter limiter;
  private final Clock clock;

  /** A recorder reporting as {@code controller} (e.g. {@code source-controller}). */
  public EventRecorder(
      String controller, List<EventSink> sinks, EventRateLimiter limiter, Clock clock) {
    this.controller = Objects.requireNonNull(controller, "controller");
    this.sinks = List.copyOf(sinks);
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records an event without extra metadata. */
  public boolean record(HasMetadata object, EventType type, String reason, String message) {
    return record(object, type, reason, message, Map.of(), List.of());
  }

  /**
   * Records an event.
   *
   * @param metadata keys without a {@code /} get the object's group as prefix
   * @param secretValues literal values to mask in the message, besides the well-known shapes
   * @return true when the event was handed to the sinks, false when rate-limited
   */
  public boolean record(
      HasMetadata object,
      EventType type,
      String reason,
      String message,
      Map<String, String> metadata,
      Collection<String> secretValues) {
    FluxEvent event =
        new FluxEvent(
            referenceTo(object),
            type,
            reason,
            SecretRedaction.redact(message, secretValues),
            qualify(groupOf(object), metadata),
            clock.instant(),
            controller);
    if (!limiter.allow(event)) {
      LOG.debug("rate-limited event {} for {}", reason, event.involvedObject().getName());
      return false;
    }
    for (EventSink sink : sinks) {
      try {
        sink.accept(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not record event {} for {}/{}: {}",
            reason,
            object.getMetadata().getNamespace(),
            object.getMetadata().getName(),
            e.toString());
      }
    }
    return true;
  }

  /** Forgets rate-limit state about a deleted object. */
  public void forget(HasMetadata object) {
    String uid = object.getMetadata().getUid();
    limiter.forget(
        uid != null
            ? uid
            : object.getKind()
                + "/"
                + object.getMetadata().getNamespace()
                + "/"
                + object.getMetadata().getName());
  }

  /** A reference to {@code object} as Kubernetes Events carry it. */
  public static ObjectReference referenceTo(HasMetadata object) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withName(object.getMetadata().getName())
        .withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .build();
  }

  private static String groupOf(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static Map<String, String> qualify(String group, Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    metadata.forEach(
        (key, value) -> {
          if (value == null) {
            return;
          }
          boolean prefixed = key.contains("/") || group == null || group.isEmpty();
          out.put(prefixed ? key : group + "/" + key, value);
        });
    return out;
  }
}
