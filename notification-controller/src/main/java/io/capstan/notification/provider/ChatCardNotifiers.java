package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's card- and text-shaped chat Providers (metadata always in key order, as Go's map order is
 * random):
 *
 * <ul>
 *   <li>{@code googlechat}: one card, header {@code <kind>/<name>.<namespace>} with the reporting
 *       controller as subtitle, a text paragraph (red {@code <font>} for errors) and a key/value
 *       widget per metadata entry;
 *   <li>{@code lark}: an {@code interactive} card, header {@code 💫}/{@code 🚨} + object with
 *       template {@code turquoise}/{@code red}, a {@code lark_md} element {@code **message**} and
 *       one {@code key: value} line per metadata entry;
 *   <li>{@code matrix}: {@code PUT <address>/_matrix/client/r0/rooms/<channel>/send/m.room.message/
 *       <sha1 of the event JSON>} with an {@code m.text} body and a Bearer token;
 *   <li>{@code opsgenie}: {@code message} {@code <Kind>/<name>}, {@code description} the message,
 *       {@code details} the metadata plus {@code severity}, {@code Authorization: GenieKey
 *       <token>}.
 * </ul>
 */
final class ChatCardNotifiers {

  private ChatCardNotifiers() {}

  private static Map<String, String> json() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    return h;
  }

  static Notifier googleChat(URI address) {
    return event -> {
      ObjectNode payload = JsonBodies.object();
      ObjectNode card = payload.putArray("cards").addObject();
      ObjectNode header = card.putObject("header");
      header.put("title", SlackNotifier.authorName(event));
      header.put("subtitle", JsonBodies.nullToEmpty(event.reportingController()));
      header.putNull("imageUrl");
      header.putNull("imageStyle");
      ArrayNode sections = card.putArray("sections");
      String text = event.message();
      if (NotificationEvent.ERROR.equals(event.severity())) {
        text = "<font color=\"#ff0000\">" + event.message() + "</font>";
      }
      ObjectNode message = sections.addObject();
      message.put("header", "");
      ObjectNode paragraph = message.putArray("widgets").addObject();
      paragraph.putObject("textParagraph").put("text", text);
      paragraph.putNull("keyValue");
      if (!event.metadata().isEmpty()) {
        ObjectNode meta = sections.addObject();
        meta.put("header", "");
        ArrayNode widgets = meta.putArray("widgets");
        new TreeMap<>(event.metadata())
            .forEach(
                (k, v) -> {
                  ObjectNode w = widgets.addObject();
                  w.putNull("textParagraph");
                  ObjectNode kv = w.putObject("keyValue");
                  kv.put("topLabel", k);
                  kv.put("content", v);
                  kv.put("contentMultiline", false);
                  kv.putNull("bottomLabel");
                  kv.putNull("icon");
                });
      }
      return new OutboundRequest("POST", address, json(), JsonBodies.bytes(payload));
    };
  }

  static Notifier lark(URI address) {
    return event -> {
      boolean error = NotificationEvent.ERROR.equals(event.severity());
      StringBuilder message = new StringBuilder("**").append(event.message()).append("**\n\n");
      new TreeMap<>(event.metadata())
          .forEach((k, v) -> message.append(k).append(": ").append(v).append('\n'));
      ObjectNode payload = JsonBodies.object();
      payload.put("msg_type", "interactive");
      ObjectNode card = payload.putObject("card");
      card.putObject("config").put("wide_screen_mode", true);
      ObjectNode header = card.putObject("header");
      ObjectNode title = header.putObject("title");
      title.put("tag", "plain_text");
      title.put("content", (error ? "🚨 " : "💫 ") + SlackNotifier.authorName(event));
      header.put("template", error ? "red" : "turquoise");
      ObjectNode element = card.putArray("elements").addObject();
      element.put("tag", "div");
      ObjectNode text = element.putObject("text");
      text.put("tag", "lark_md");
      text.put("content", message.toString());
      return new OutboundRequest("POST", address, json(), JsonBodies.bytes(payload));
    };
  }

  static Notifier matrix(URI address, ProviderSettings s) throws UnsupportedProviderException {
    if (s.channel() == null || s.channel().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "matrix provider needs the room id in channel");
    }
    String room = s.channel();
    String token = s.token();
    String base = address.toString();
    return event -> {
      String txn = sha1(EventParser.toBytes(event));
      URI uri =
          URI.create(base + "/_matrix/client/r0/rooms/" + room + "/send/m.room.message/" + txn);
      StringBuilder meta = new StringBuilder();
      new TreeMap<>(event.metadata())
          .forEach((k, v) -> meta.append("- ").append(k).append(": ").append(v).append('\n'));
      String heading =
          (NotificationEvent.ERROR.equals(event.severity()) ? "🚨 " : "💫 ")
              + SlackNotifier.authorName(event);
      ObjectNode payload = JsonBodies.object();
      payload.put("body", heading + "\n" + event.message() + "\n" + meta);
      payload.put("msgtype", "m.text");
      Map<String, String> h = json();
      h.put("Authorization", "Bearer " + JsonBodies.nullToEmpty(token));
      return new OutboundRequest("PUT", uri, h, JsonBodies.bytes(payload));
    };
  }

  static Notifier opsgenie(URI address, ProviderSettings s) throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "empty Opsgenie apikey/token");
    }
    String key = s.token();
    return event -> {
      Map<String, String> details = new TreeMap<>(event.metadata());
      details.put("severity", event.severity());
      ObjectNode payload = JsonBodies.object();
      payload.put("message", event.involvedObject().kind() + "/" + event.involvedObject().name());
      payload.put("description", event.message());
      ObjectNode d = payload.putObject("details");
      details.forEach(d::put);
      Map<String, String> h = json();
      h.put("Authorization", "GenieKey " + key);
      return new OutboundRequest("POST", address, h, JsonBodies.bytes(payload));
    };
  }

  private static String sha1(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
