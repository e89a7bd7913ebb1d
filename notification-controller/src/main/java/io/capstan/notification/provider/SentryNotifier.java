package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's {@code sentry} Provider, speaking Sentry's envelope protocol directly (Flux uses the
 * sentry-go SDK; there is no Sentry SDK in Capstan): the {@code address} is the DSN ({@code
 * <scheme>://<public key>[:<secret>]@<host>[/<path>]/<project id>}), {@code channel} the {@code
 * environment}. Each event is one {@code POST <scheme>://<host>[/<path>]/api/<project>/envelope/}
 * with {@code X-Sentry-Auth: Sentry sentry_version=7, sentry_client=..., sentry_key=<public key>}
 * and {@code Content-Type: application/x-sentry-envelope}: an envelope header, one item header and
 * the item. An {@code error} event is a Sentry event (level {@code error}, {@code message}, {@code
 * server_name} the reporting controller, {@code transaction} {@code <Kind>: <ns>/<name>}, the
 * metadata as {@code extra}); an {@code info} event is a transaction with one span (op {@code
 * event}) tagged {@code flux_involved_object_kind/namespace/name}, {@code flux_reporting_*}, {@code
 * flux_reason} and the metadata, started and ended at the event's timestamp, as Flux's {@code
 * eventToSpan}. The SDK's own additions (device/OS/runtime contexts, modules) are not sent.
 */
final class SentryNotifier implements Notifier {

  static final String CLIENT = "sentry.go/0.31.1";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private final String dsn;
  private final URI endpoint;
  private final String auth;
  private final String environment;
  private final Clock clock;

  SentryNotifier(String dsn, String environment, Clock clock) throws UnsupportedProviderException {
    URI uri;
    try {
      uri = new URI(dsn == null ? "" : dsn.trim());
    } catch (URISyntaxException e) {
      throw invalid("invalid sentry DSN");
    }
    if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() == null) {
      throw invalid("invalid sentry DSN: DsnParseError: empty username");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    int slash = path.lastIndexOf('/');
    String project = path.substring(slash + 1);
    if (project.isEmpty()) {
      throw invalid("invalid sentry DSN: DsnParseError: empty project id");
    }
    String prefix = slash <= 0 ? "" : path.substring(0, slash);
    String[] key = uri.getRawUserInfo().split(":", 2);
    this.dsn = uri.toString();
    this.endpoint =
        URI.create(
            uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + prefix
                + "/api/"
                + project
                + "/envelope/");
    this.auth =
        "Sentry sentry_version=7, sentry_client="
            + CLIENT
            + ", sentry_key="
            + key[0]
            + (key.length > 1 && !key[1].isEmpty() ? ", sentry_secret=" + key[1] : "");
    this.environment = environment;
    this.clock = clock;
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  private static String id(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String summary(NotificationEvent e) {
    var o = e.involvedObject();
    return o.kind() + ": " + o.namespace() + "/" + o.name();
  }

  private static String timestamp(String eventTime, Clock clock) {
    try {
      return OffsetDateTime.parse(eventTime).withOffsetSameInstant(ZoneOffset.UTC).format(RFC3339);
    } catch (RuntimeException e) {
      return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC).format(RFC3339);
    }
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    boolean info = NotificationEvent.INFO.equals(event.severity());
    if (!info && !NotificationEvent.ERROR.equals(event.severity())) {
      return null;
    }
    String eventId = id(16);
    String ts = timestamp(event.timestamp(), clock);
    ObjectNode item = JsonBodies.object();
    if (environment != null && !environment.isEmpty()) {
      item.put("environment", environment);
    }
    item.put("event_id", eventId);
    item.put("platform", "go");
    item.putObject("sdk").put("name", "sentry.go").put("version", CLIENT.substring(10));
    item.put("timestamp", ts);
    item.put("transaction", summary(event));
    item.put("message", JsonBodies.nullToEmpty(event.message()));
    if (info) {
      Map<String, String> tags = new TreeMap<>(event.metadata());
      var o = event.involvedObject();
      tags.put("flux_involved_object_kind", o.kind());
      tags.put("flux_involved_object_namespace", o.namespace());
      tags.put("flux_involved_object_name", o.name());
      tags.put("flux_reporting_controller", JsonBodies.nullToEmpty(event.reportingController()));
      tags.put("flux_reporting_instance", JsonBodies.nullToEmpty(event.reportingInstance()));
      tags.put("flux_reason", JsonBodies.nullToEmpty(event.reason()));
      String traceId = id(16);
      String spanId = id(8);
      item.put("type", "transaction");
      item.put("start_timestamp", ts);
      ObjectNode trace = item.putObject("contexts").putObject("trace");
      trace.put("trace_id", traceId).put("span_id", spanId).put("op", "event");
      ObjectNode t = item.putObject("tags");
      tags.forEach(t::put);
      ObjectNode span = item.putArray("spans").addObject();
      span.put("trace_id", traceId).put("span_id", spanId).put("op", "event");
      ObjectNode st = span.putObject("tags");
      tags.forEach(st::put);
      span.put("start_timestamp", ts).put("timestamp", ts);
    } else {
      item.put("level", "error");
      item.put("server_name", JsonBodies.nullToEmpty(event.reportingController()));
      ObjectNode extra = item.putObject("extra");
      new TreeMap<>(event.metadata()).forEach(extra::put);
    }
    byte[] payload = JsonBodies.bytes(item);
    ObjectNode header = JsonBodies.object();
    header.put("event_id", eventId);
    header.put(
        "sent_at", OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC).format(RFC3339));
    header.put("dsn", dsn);
    header.putObject("sdk").put("name", "sentry.go").put("version", CLIENT.substring(10));
    ObjectNode itemHeader = JsonBodies.object();
    itemHeader.put("type", info ? "transaction" : "event");
    itemHeader.put("length", payload.length);
    byte[] head =
        (JsonBodies.bytesAsString(header) + "\n" + JsonBodies.bytesAsString(itemHeader) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + payload.length + 1];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(payload, 0, body, head.length, payload.length);
    body[body.length - 1] = '\n';
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-sentry-envelope");
    h.put("X-Sentry-Auth", auth);
    return new OutboundRequest("POST", endpoint, h, body);
  }
}
