package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's Markdown chat Providers (metadata in key order, as Go's map order is random):
 *
 * <ul>
 *   <li>{@code telegram}: {@code POST https://api.telegram.org/bot<token>/sendMessage} with {@code
 *       chat_id} (the {@code channel}; {@code <chat>:<thread>} also sets {@code
 *       message_thread_id}), a MarkdownV2 {@code text} and {@code parse_mode: MarkdownV2}. Flux
 *       ignores the address; Capstan uses it as the Bot API base when set (default {@code
 *       https://api.telegram.org}), so a Bot API server of your own works too;
 *   <li>{@code webex}: {@code POST <address>} with {@code roomId} (the {@code channel}) and a
 *       {@code markdown} text, {@code Authorization: Bearer <token>};
 *   <li>{@code zulip}: {@code POST <scheme>://<host>/api/v1/messages}, form-encoded {@code
 *       content}, {@code to}, {@code topic}, {@code type=stream} (the {@code channel} is {@code
 *       <stream>/<topic>}), basic auth with the bot's {@code username}/{@code password}.
 * </ul>
 */
final class MarkdownChatNotifiers {

  /** Flux's Telegram Bot API base. */
  static final String TELEGRAM_API = "https://api.telegram.org";

  private static final String TELEGRAM_SPECIALS = "\\.-_[]()~>`#+=|{}!*";

  private MarkdownChatNotifiers() {}

  private static Map<String, String> json() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    return h;
  }

  static Notifier telegram(String base, ProviderSettings s) throws UnsupportedProviderException {
    if (s.channel() == null || s.channel().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "empty Telegram channel");
    }
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "empty Telegram token");
    }
    String root = base == null || base.isBlank() ? TELEGRAM_API : base.trim();
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(root + "/bot" + s.token() + "/sendMessage");
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new java.net.URISyntaxException(root, "not an absolute URL");
      }
    } catch (java.net.URISyntaxException e) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "failed to construct Telegram API URL");
    }
    int colon = s.channel().indexOf(':');
    String chat = colon < 0 ? s.channel() : s.channel().substring(0, colon);
    String thread = colon < 0 ? null : s.channel().substring(colon + 1);
    return event -> {
      var o = event.involvedObject();
      String emoji = NotificationEvent.ERROR.equals(event.severity()) ? "🚨" : "💫";
      String heading =
          emoji
              + " "
              + o.kind().toLowerCase(Locale.ROOT)
              + "/"
              + o.name()
              + "/"
              + JsonBodies.nullToEmpty(o.namespace());
      StringBuilder metadata = new StringBuilder();
      new TreeMap<>(event.metadata())
          .forEach(
              (k, v) ->
                  metadata
                      .append("\\- *")
                      .append(telegramEscape(k))
                      .append("*: ")
                      .append(telegramEscape(v))
                      .append('\n'));
      String text =
          "*"
              + telegramEscape(heading)
              + "*\n"
              + telegramEscape(JsonBodies.nullToEmpty(event.message()))
              + "\n"
              + metadata;
      ObjectNode payload = JsonBodies.object();
      payload.put("chat_id", chat);
      if (thread != null && !thread.isEmpty()) {
        payload.put("message_thread_id", thread);
      }
      payload.put("text", text);
      payload.put("parse_mode", "MarkdownV2");
      return new OutboundRequest("POST", uri, json(), JsonBodies.bytes(payload));
    };
  }

  /** Telegram's MarkdownV2 escaping: a backslash before each special character. */
  static String telegramEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (TELEGRAM_SPECIALS.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  static Notifier webex(URI address, ProviderSettings s) {
    String room = s.channel();
    String token = JsonBodies.nullToEmpty(s.token());
    return event -> {
      var o = event.involvedObject();
      StringBuilder md = new StringBuilder();
      md.append(NotificationEvent.ERROR.equals(event.severity()) ? "💣" : "✅")
          .append(" **")
          .append(o.kind().toLowerCase(Locale.ROOT))
          .append('/')
          .append(o.name())
          .append('.')
          .append(JsonBodies.nullToEmpty(o.namespace()))
          .append("**\n")
          .append(JsonBodies.nullToEmpty(event.message()))
          .append('\n');
      new TreeMap<>(event.metadata())
          .forEach((k, v) -> md.append(">**").append(k).append("**: ").append(v).append('\n'));
      ObjectNode payload = JsonBodies.object();
      if (room != null && !room.isEmpty()) {
        payload.put("roomId", room);
      }
      payload.put("markdown", md.toString());
      Map<String, String> h = json();
      h.put("Authorization", "Bearer " + token);
      return new OutboundRequest("POST", address, h, JsonBodies.bytes(payload));
    };
  }

  static Notifier zulip(URI address, ProviderSettings s) throws UnsupportedProviderException {
    String channel = JsonBodies.nullToEmpty(s.channel());
    int slash = channel.indexOf('/');
    if (slash <= 0 || slash == channel.length() - 1) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID,
          "invalid Zulip channel format, expected <channel>/<topic>, got '" + channel + "'");
    }
    String stream = channel.substring(0, slash);
    String topic = channel.substring(slash + 1);
    URI endpoint =
        URI.create(
            address.getScheme()
                + "://"
                + address.getRawAuthority()
                + "/api/v1/messages"
                + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery()));
    String basic =
        AlertmanagerNotifier.basic(
            JsonBodies.nullToEmpty(s.username()), JsonBodies.nullToEmpty(s.password()));
    return event -> {
      // url.Values.Encode: keys sorted
      String form =
          "content="
              + formEscape(markdownPost(event))
              + "&to="
              + formEscape(stream)
              + "&topic="
              + formEscape(topic)
              + "&type=stream";
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "application/x-www-form-urlencoded");
      h.put("Authorization", basic);
      return new OutboundRequest("POST", endpoint, h, form.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** Go's {@code url.QueryEscape}: only {@code A-Za-z0-9-_.~} kept, space as {@code +}. */
  static String formEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  /**
   * Flux's {@code formatMarkdownPost} (Zulip and the pull-request comment Providers): a {@code ##
   * Flux Status} heading, the severity emoji with {@code Kind/namespace/name}, the message and a
   * {@code Metadata:} list in key order without the change-request key.
   */
  static String markdownPost(NotificationEvent event) {
    var o = event.involvedObject();
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(event.metadata())
        .forEach(
            (k, v) -> {
              if (!CHANGE_REQUEST_KEY.equals(k)) {
                lines.append("* `").append(k).append("`: ").append(v).append('\n');
              }
            });
    return "## Flux Status\n\n"
        + (NotificationEvent.ERROR.equals(event.severity()) ? "⚠️" : "ℹ️")
        + " "
        + o.kind()
        + "/"
        + JsonBodies.nullToEmpty(o.namespace())
        + "/"
        + o.name()
        + "\n\n"
        + JsonBodies.nullToEmpty(event.message())
        + "\n\nMetadata:\n"
        + lines;
  }

  /** The metadata key naming a pull/merge request (Flux's {@code MetaChangeRequestKey}). */
  static final String CHANGE_REQUEST_KEY = "change_request";
}
