package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flux's {@code googlepubsub} Provider through the Pub/Sub REST API (Flux uses the Go gRPC client;
 * Capstan has no Google Cloud SDK, so it speaks the documented REST protocol): {@code address} is
 * the GCP project ID, {@code channel} the topic ID, the secret's {@code headers} the message
 * attributes and its {@code token} the service account key JSON. One {@code POST
 * <endpoint>/v1/projects/<project>/topics/<topic>:publish} with {@code {"messages":[{"data":
 * base64(Event JSON),"attributes":{...}}]}} per event. With a key, a self-signed RS256 JWT ({@code
 * iss} the {@code client_email}, {@code scope} {@code https://www.googleapis.com/auth/pubsub},
 * {@code aud} the key's {@code token_uri}) is exchanged at {@code token_uri} (OAuth 2.0 JWT bearer
 * grant) for an access token, cached until one minute before it expires. The endpoint is {@code
 * https://pubsub.googleapis.com}, or {@code http://$PUBSUB_EMULATOR_HOST} without credentials (the
 * Pub/Sub emulator, as the Go client honours it). Without a key and without an emulator the
 * Provider is refused (workload identity not supported yet).
 */
final class GooglePubSubNotifier implements Notifier, Conversation {

  static final String SCOPE = "https://www.googleapis.com/auth/pubsub";
  private static final Map<String, String[]> TOKENS = new ConcurrentHashMap<>();

  private final String project;
  private final String topic;
  private final Map<String, String> attributes;
  private final String endpoint;
  private final JsonNode credentials;
  private final Clock clock;

  GooglePubSubNotifier(ProviderSettings s, String endpoint, Clock clock)
      throws UnsupportedProviderException {
    if (s.address() == null || s.address().isBlank()) {
      throw invalid("GCP project ID cannot be empty");
    }
    if (s.channel() == null || s.channel().isBlank()) {
      throw invalid("GCP Pub/Sub topic ID cannot be empty");
    }
    this.project = s.address().trim();
    this.topic = s.channel().trim();
    this.attributes = new TreeMap<>(s.headers());
    this.clock = clock;
    if (s.token() != null && !s.token().isBlank()) {
      try {
        this.credentials = JsonBodies.JSON.readTree(s.token());
      } catch (Exception e) {
        throw invalid("invalid GCP credentials JSON in the secret's token");
      }
      if (!"service_account".equals(credentials.path("type").asText())
          || credentials.path("client_email").asText().isEmpty()
          || credentials.path("private_key").asText().isEmpty()) {
        throw invalid("the GCP credentials JSON must be a service account key");
      }
      GitHubApp.parseRsaKey(credentials.path("private_key").asText());
      this.endpoint = endpoint == null ? "https://pubsub.googleapis.com" : endpoint;
    } else {
      if (endpoint == null) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.NOT_SUPPORTED,
            "googlepubsub without a service account key (workload identity) is not supported yet"
                + " by Capstan");
      }
      this.credentials = null;
      this.endpoint = endpoint;
    }
  }

  /** The Pub/Sub emulator's endpoint from {@code PUBSUB_EMULATOR_HOST}, or null. */
  static String emulatorEndpoint() {
    String host = System.getenv("PUBSUB_EMULATOR_HOST");
    return host == null || host.isBlank() ? null : "http://" + host.trim();
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    ObjectNode message = JsonBodies.object();
    message.put("data", Base64.getEncoder().encodeToString(EventParser.toBytes(event)));
    if (!attributes.isEmpty()) {
      ObjectNode a = message.putObject("attributes");
      attributes.forEach(a::put);
    }
    ObjectNode body = JsonBodies.object();
    body.putArray("messages").add(message);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    return new OutboundRequest(
        "POST",
        URI.create(
            endpoint
                + "/v1/projects/"
                + URLEncoder.encode(project, StandardCharsets.UTF_8)
                + "/topics/"
                + URLEncoder.encode(topic, StandardCharsets.UTF_8)
                + ":publish"),
        h,
        JsonBodies.bytes(body));
  }

  @Override
  public void deliver(NotificationEvent event, NotificationSender sender)
      throws NotificationSender.DeliveryException, InterruptedException {
    OutboundRequest publish = request(event);
    if (credentials != null) {
      Map<String, String> h = new LinkedHashMap<>(publish.headers());
      h.put("Authorization", "Bearer " + accessToken(sender));
      publish = new OutboundRequest(publish.method(), publish.uri(), h, publish.body());
    }
    sender.send(publish);
  }

  private String accessToken(NotificationSender sender)
      throws NotificationSender.DeliveryException, InterruptedException {
    String key =
        credentials.path("client_email").asText()
            + "|"
            + credentials.path("private_key_id").asText();
    String[] cached = TOKENS.get(key);
    Instant now = clock.instant();
    if (cached != null && Instant.parse(cached[1]).minusSeconds(60).isAfter(now)) {
      return cached[0];
    }
    String tokenUri = credentials.path("token_uri").asText("https://oauth2.googleapis.com/token");
    String form =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + jwt(tokenUri, now);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-www-form-urlencoded");
    String body =
        sender.fetch(
            new OutboundRequest(
                "POST", URI.create(tokenUri), h, form.getBytes(StandardCharsets.UTF_8)));
    try {
      JsonNode json = JsonBodies.JSON.readTree(body);
      String token = json.path("access_token").asText();
      if (token.isEmpty()) {
        throw new IllegalStateException("no access_token");
      }
      long expiresIn = json.path("expires_in").asLong(3600);
      TOKENS.put(key, new String[] {token, now.plusSeconds(expiresIn).toString()});
      return token;
    } catch (Exception e) {
      throw new NotificationSender.DeliveryException(
          "failed to read the GCP access token response");
    }
  }

  private String jwt(String audience, Instant now) throws NotificationSender.DeliveryException {
    ObjectNode header = JsonBodies.JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    if (!credentials.path("private_key_id").asText().isEmpty()) {
      header.put("kid", credentials.path("private_key_id").asText());
    }
    long iat = now.getEpochSecond();
    ObjectNode claims =
        JsonBodies.JSON
            .createObjectNode()
            .put("iss", credentials.path("client_email").asText())
            .put("scope", SCOPE)
            .put("aud", audience)
            .put("exp", iat + 3600)
            .put("iat", iat);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(GitHubApp.parseRsaKey(credentials.path("private_key").asText()));
      rs256.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException | UnsupportedProviderException e) {
      throw new NotificationSender.DeliveryException("could not sign the GCP token request");
    }
  }
}
