package io.capstan.notification.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact HTTP request a Provider sends for one event: method, URI, headers (in order) and body.
 * Built by a {@link Notifier} (pure), sent by {@link NotificationSender}.
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

  public OutboundRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
