package io.capstan.notification.provider;

import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flux's {@code azureeventhub} Provider through the Event Hubs REST API (Flux sends over AMQP with
 * the azure-event-hubs-go client; Capstan has no AMQP client, so it uses the documented HTTPS "send
 * event" operation): one {@code POST https://<namespace host>/<hub>/messages?timeout=60&
 * api-version=2014-01} per event, body the Event JSON, {@code Content-Type:
 * application/atom+xml;type=entry;charset=utf-8}. Authentication as Flux's two modes: the {@code
 * address} a SAS connection string ({@code Endpoint=sb://<host>/;SharedAccessKeyName=<name>;
 * SharedAccessKey=<key>;EntityPath=<hub>}) gives {@code Authorization: SharedAccessSignature
 * sr=<url-encoded resource>&sig=<url-encoded base64 HMAC-SHA256>&se=<expiry>&skn=<name>} (valid one
 * hour); otherwise the {@code address} is the hub name, {@code channel} the namespace ({@code
 * <namespace>.servicebus.windows.net}) and the secret's {@code token} a JWT sent as {@code
 * Authorization: Bearer}. A SAS connection string with a token is refused, as Flux. Commit status
 * update events are skipped. Managed identity (no token) is not supported yet.
 */
final class AzureEventHubNotifier implements Notifier {

  private final URI messages;
  private final String resource;
  private final String keyName;
  private final String key;
  private final String jwt;
  private final Clock clock;

  AzureEventHubNotifier(ProviderSettings s, String scheme, Clock clock)
      throws UnsupportedProviderException {
    String address = s.address() == null ? "" : s.address().trim();
    this.clock = clock;
    if (address.contains("SharedAccessKey")) {
      if (s.token() != null && !s.token().isEmpty()) {
        throw invalid(
            "invalid authentication options: jwt token and SAS authentication cannot be set at the"
                + " same time");
      }
      Map<String, String> parts = new LinkedHashMap<>();
      for (String part : address.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
      }
      String endpoint = parts.getOrDefault("Endpoint", "");
      String hub = parts.getOrDefault("EntityPath", "");
      if (!endpoint.startsWith("sb://") || hub.isEmpty()) {
        throw invalid("failed to create a eventhub using SAS: invalid connection string");
      }
      String host = endpoint.substring("sb://".length()).replaceAll("/+$", "");
      this.keyName = parts.getOrDefault("SharedAccessKeyName", "");
      this.key = parts.getOrDefault("SharedAccessKey", "");
      this.jwt = null;
      this.resource = scheme + "://" + host + "/" + hub;
    } else {
      if (s.token() == null || s.token().isEmpty()) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.NOT_SUPPORTED,
            "azureeventhub without a SAS connection string or a token (managed identity) is not"
                + " supported yet by Capstan");
      }
      if (address.isEmpty() || s.channel() == null || s.channel().isBlank()) {
        throw invalid("azureeventhub needs the hub name in address and the namespace in channel");
      }
      String namespace = s.channel().trim();
      String host = namespace.contains(".") ? namespace : namespace + ".servicebus.windows.net";
      this.keyName = null;
      this.key = null;
      this.jwt = s.token();
      this.resource = scheme + "://" + host + "/" + address;
    }
    this.messages = URI.create(resource + "/messages?timeout=60&api-version=2014-01");
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  /** The SAS token for {@link #resource}, valid one hour. */
  String sasToken() {
    long expiry = clock.instant().getEpochSecond() + 3600;
    String encoded = URLEncoder.encode(resource, StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sig =
          Base64.getEncoder()
              .encodeToString(
                  mac.doFinal((encoded + "\n" + expiry).getBytes(StandardCharsets.UTF_8)));
      return "SharedAccessSignature sr="
          + encoded
          + "&sig="
          + URLEncoder.encode(sig, StandardCharsets.UTF_8)
          + "&se="
          + expiry
          + "&skn="
          + keyName;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    if ("update".equals(event.metadata().get("commit_status"))) {
      return null;
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/atom+xml;type=entry;charset=utf-8");
    h.put("Authorization", jwt != null ? "Bearer " + jwt : sasToken());
    return new OutboundRequest("POST", messages, h, EventParser.toBytes(event));
  }
}
