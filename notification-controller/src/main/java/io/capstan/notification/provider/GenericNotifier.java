package io.capstan.notification.provider;

import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flux's {@code generic} and {@code generic-hmac} Providers: POSTs the event as Flux's Event JSON
 * with {@code Content-Type: application/json}, {@code gotk-component: <reportingController>}, the
 * headers from the secret's {@code headers} key, and for {@code generic-hmac} {@code X-Signature:
 * sha256=<hex HMAC-SHA256 of the body keyed with the token>}.
 */
final class GenericNotifier implements Notifier {

  /** Header naming the controller that reported the event. */
  static final String NOTIFICATION_HEADER = "gotk-component";

  /** Header with the body's HMAC. */
  static final String SIGNATURE_HEADER = "X-Signature";

  private final URI address;
  private final Map<String, String> headers;
  private final String hmacKey;

  GenericNotifier(URI address, Map<String, String> headers, String hmacKey) {
    this.address = address;
    this.headers = new TreeMap<>(headers);
    this.hmacKey = hmacKey;
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    byte[] body = EventParser.toBytes(event);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put(NOTIFICATION_HEADER, JsonBodies.nullToEmpty(event.reportingController()));
    h.putAll(headers);
    if (hmacKey != null) {
      h.put(SIGNATURE_HEADER, "sha256=" + hmacSha256(hmacKey, body));
    }
    return new OutboundRequest("POST", address, h, body);
  }

  static String hmacSha256(String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
