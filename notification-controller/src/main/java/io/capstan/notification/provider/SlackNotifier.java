package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's Slack-shaped payloads, used by the {@code slack}, {@code discord} (its Slack-compatible
 * endpoint: {@code /slack} appended to the address) and {@code rocket} Providers: {@code channel},
 * {@code username}, {@code icon_url}, {@code icon_emoji} and one attachment with a colour by
 * severity, {@code author_name} {@code <kind>/<name>.<namespace>}, the message as markdown text and
 * one field per metadata entry (sorted by key). Slack sends {@code Authorization: Bearer <token>}
 * when a token is set (for {@code chat.postMessage}).
 */
final class SlackNotifier implements Notifier {

  private final URI address;
  private final String channel;
  private final String username;
  private final String token;
  private final boolean defaultUsername;
  private final String infoColor;
  private final String errorColor;

  private SlackNotifier(
      URI address,
      String channel,
      String username,
      String token,
      boolean defaultUsername,
      String infoColor,
      String errorColor) {
    this.address = address;
    this.channel = channel;
    this.username = username;
    this.token = token;
    this.defaultUsername = defaultUsername;
    this.infoColor = infoColor;
    this.errorColor = errorColor;
  }

  static SlackNotifier slack(URI address, ProviderSettings s) {
    return new SlackNotifier(address, s.channel(), s.username(), s.token(), true, "good", "danger");
  }

  static SlackNotifier discord(URI address, ProviderSettings s) {
    URI hook = address;
    String path = address.getRawPath() == null ? "" : address.getRawPath();
    if (!address.toString().endsWith("/slack")) {
      String joined = (path.endsWith("/") ? path : path + "/") + "slack";
      if (!joined.startsWith("/")) {
        joined = "/" + joined;
      }
      String query = address.getRawQuery() == null ? "" : "?" + address.getRawQuery();
      String authority = address.getRawAuthority() == null ? "" : address.getRawAuthority();
      hook = URI.create(address.getScheme() + "://" + authority + joined + query);
    }
    return new SlackNotifier(hook, null, s.username(), null, true, "good", "danger");
  }

  static SlackNotifier rocket(URI address, ProviderSettings s) {
    return new SlackNotifier(address, s.channel(), s.username(), null, false, "#0076D7", "#FF0000");
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    ObjectNode payload = JsonBodies.object();
    payload.put("channel", JsonBodies.nullToEmpty(channel));
    String user = username;
    if ((user == null || user.isEmpty()) && defaultUsername) {
      user = event.reportingController();
    }
    payload.put("username", JsonBodies.nullToEmpty(user));
    payload.put("icon_url", "");
    payload.put("icon_emoji", "");
    ArrayNode attachments = payload.putArray("attachments");
    ObjectNode a = attachments.addObject();
    a.put("color", NotificationEvent.ERROR.equals(event.severity()) ? errorColor : infoColor);
    a.put("author_name", authorName(event));
    a.put("text", event.message());
    a.putArray("mrkdwn_in").add("text");
    ArrayNode fields = a.putArray("fields");
    new TreeMap<>(event.metadata())
        .forEach(
            (k, v) -> {
              ObjectNode f = fields.addObject();
              f.put("title", k);
              f.put("value", v);
              f.put("short", false);
            });
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null && !token.isEmpty()) {
      headers.put("Authorization", "Bearer " + token);
    }
    return new OutboundRequest("POST", address, headers, JsonBodies.bytes(payload));
  }

  /** {@code <kind lower case>/<name>.<namespace>}, Flux's object label in chat messages. */
  static String authorName(NotificationEvent event) {
    var o = event.involvedObject();
    return o.kind().toLowerCase(Locale.ROOT)
        + "/"
        + o.name()
        + "."
        + JsonBodies.nullToEmpty(o.namespace());
  }
}
