package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's {@code msteams} Provider: an Adaptive Card 1.4 message (title {@code
 * <kind>/<name>.<namespace>}, the message in {@code attention} colour for errors, a FactSet with
 * {@code summary} first and the other metadata by key) for Teams workflow webhooks, or the legacy
 * MessageCard ({@code themeColor} {@code 0076D7}/{@code FF0000}) when the address is a deprecated
 * {@code *.webhook.office.com} connector.
 */
final class TeamsNotifier implements Notifier {

  private final URI address;
  private final boolean legacyConnector;

  TeamsNotifier(URI address) {
    this.address = address;
    String host = address.getHost() == null ? "" : address.getHost().toLowerCase(Locale.ROOT);
    this.legacyConnector = host.endsWith(".webhook.office.com");
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    ObjectNode payload = legacyConnector ? messageCard(event) : adaptiveCard(event);
    return new OutboundRequest(
        "POST", address, Map.of("Content-Type", "application/json"), JsonBodies.bytes(payload));
  }

  private static ObjectNode messageCard(NotificationEvent event) {
    String objName = SlackNotifier.authorName(event);
    ObjectNode payload = JsonBodies.object();
    payload.put("@type", "MessageCard");
    payload.put("@context", "http://schema.org/extensions");
    payload.put(
        "themeColor", NotificationEvent.ERROR.equals(event.severity()) ? "FF0000" : "0076D7");
    payload.put("summary", objName);
    ObjectNode section = payload.putArray("sections").addObject();
    section.put("activityTitle", event.message());
    section.put("activitySubtitle", objName);
    ArrayNode facts = section.putArray("facts");
    new TreeMap<>(event.metadata())
        .forEach(
            (k, v) -> {
              ObjectNode f = facts.addObject();
              f.put("name", k);
              f.put("value", v);
            });
    return payload;
  }

  private static ObjectNode adaptiveCard(NotificationEvent event) {
    ObjectNode payload = JsonBodies.object();
    payload.put("type", "message");
    ObjectNode attachment = payload.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    ObjectNode content = attachment.putObject("content");
    content.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    content.put("type", "AdaptiveCard");
    content.put("version", "1.4");
    ObjectNode container = content.putArray("body").addObject();
    container.put("type", "Container");
    ArrayNode items = container.putArray("items");
    ObjectNode title = items.addObject();
    title.put("type", "TextBlock");
    title.put("text", SlackNotifier.authorName(event));
    title.put("size", "large");
    title.put("weight", "bolder");
    title.put("wrap", true);
    ObjectNode message = items.addObject();
    message.put("type", "TextBlock");
    if (!event.message().isEmpty()) {
      message.put("text", event.message());
    }
    if (NotificationEvent.ERROR.equals(event.severity())) {
      message.put("color", "attention");
    }
    message.put("wrap", true);
    ObjectNode factSet = items.addObject();
    factSet.put("type", "FactSet");
    if (!event.metadata().isEmpty()) {
      ArrayNode facts = factSet.putArray("facts");
      Map<String, String> rest = new TreeMap<>(event.metadata());
      String summary = rest.remove("summary");
      if (summary != null) {
        fact(facts, "summary", summary);
      }
      rest.forEach((k, v) -> fact(facts, k, v));
    }
    content.putObject("msteams").put("width", "Full");
    return payload;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    ObjectNode f = facts.addObject();
    f.put("title", title);
    f.put("value", value);
  }
}
