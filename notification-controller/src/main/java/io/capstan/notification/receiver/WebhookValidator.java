package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-type checks of Flux's receiver server (a pure function of type, allowed events, token,
 * headers and body). Signatures and tokens are compared in constant time. A bad signature or token
 * is a 401; a malformed body or an event outside {@code spec.events} is a 400 (Flux answers 400 for
 * all of them).
 *
 * <ul>
 *   <li>{@code generic}: the secret path is the only check;
 *   <li>{@code generic-hmac}: {@code X-Signature: sha1=|sha256=|sha512=<hex HMAC of the body>};
 *   <li>{@code github}: {@code X-Hub-Signature-256} (or legacy {@code X-Hub-Signature} sha1), event
 *       from {@code X-GitHub-Event};
 *   <li>{@code gitlab}: {@code X-Gitlab-Token} equals the token, event from {@code X-Gitlab-Event};
 *   <li>{@code bitbucket}: {@code X-Hub-Signature} HMAC (Bitbucket Server), event {@code
 *       X-Event-Key};
 *   <li>{@code harbor}: {@code Authorization} equals the token;
 *   <li>{@code nexus}: {@code X-Nexus-Webhook-Signature} hex HMAC-SHA1 of the body;
 *   <li>{@code dockerhub}, {@code quay}, {@code acr}: the body must be their JSON payload;
 *   <li>{@code cdevents}: the body must be a CDEvent (see {@link #cdEvent}), event from the
 *       CloudEvents {@code Ce-Type} header (no signature: the secret path is the credential, as in
 *       Flux);
 *   <li>{@code gcr}: see {@link #gcr} (needs the Google ID token verifier, so the receiver server
 *       calls it instead of {@link #validate});
 *   <li>{@code generic-oidc}: see {@link GenericOidcVerifier} (called by the receiver server).
 * </ul>
 */
public final class WebhookValidator {

  /** The Receiver types this validator implements. */
  public static final Set<String> SUPPORTED =
      Set.of(
          "generic",
          "generic-hmac",
          "github",
          "gitlab",
          "bitbucket",
          "harbor",
          "nexus",
          "dockerhub",
          "quay",
          "acr",
          "cdevents",
          "gcr",
          "generic-oidc");

  /** Receiver types not implemented yet (their Receivers are Stalled). */
  public static final List<String> NOT_SUPPORTED_YET = List.of();

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookValidator() {}

  /**
   * Checks one call.
   *
   * @param headers request headers, names lower case
   * @throws WebhookRejection when the call must not trigger anything
   */
  public static void validate(
      String type, List<String> events, String token, Map<String, String> headers, byte[] body)
      throws WebhookRejection {
    switch (type) {
      case "generic" -> {}
      case "generic-hmac" -> {
        if (!validHubSignature(headers.get("x-signature"), body, token)) {
          throw new WebhookRejection(401, "unable to validate HMAC signature");
        }
      }
      case "github" -> {
        String sig = headers.get("x-hub-signature-256");
        if (sig == null) {
          sig = headers.get("x-hub-signature");
        }
        if (!validHubSignature(sig, body, token)) {
          throw new WebhookRejection(401, "the GitHub signature header is invalid");
        }
        allowed(events, headers.get("x-github-event"), "GitHub event");
      }
      case "gitlab" -> {
        if (!constantTimeEquals(headers.get("x-gitlab-token"), token)) {
          throw new WebhookRejection(
              401, "the X-Gitlab-Token header value does not match the receiver token");
        }
        allowed(events, headers.get("x-gitlab-event"), "GitLab event");
      }
      case "bitbucket" -> {
        if (!validHubSignature(headers.get("x-hub-signature"), body, token)) {
          throw new WebhookRejection(401, "the Bitbucket server signature header is invalid");
        }
        allowed(events, headers.get("x-event-key"), "Bitbucket server event");
      }
      case "harbor" -> {
        if (!constantTimeEquals(headers.get("authorization"), token)) {
          throw new WebhookRejection(
              401, "the Harbor Authorization header value does not match the receiver token");
        }
      }
      case "nexus" -> {
        String sig = headers.get("x-nexus-webhook-signature");
        if (sig == null || sig.isEmpty()) {
          throw new WebhookRejection(401, "Nexus signature is missing from header");
        }
        if (!constantTimeEquals(sig, hex("HmacSHA1", token, body))) {
          throw new WebhookRejection(401, "invalid Nexus signature");
        }
        json(body, "Nexus");
      }
      case "dockerhub" -> json(body, "DockerHub");
      case "quay" -> json(body, "Quay");
      case "acr" -> json(body, "ACR");
      case "cdevents" -> {
        cdEvent(body);
        allowed(events, headers.get("ce-type"), "CDEvent");
      }
      case "gcr" ->
          throw new WebhookRejection(400, "gcr calls are verified by WebhookValidator.gcr");
      default ->
          throw new WebhookRejection(
              400, "receiver type '" + type + "' is not supported yet by Capstan");
    }
  }

  private static void allowed(List<String> events, String event, String what)
      throws WebhookRejection {
    if (events == null || events.isEmpty()) {
      return;
    }
    String e = event == null ? "" : event;
    for (String allowed : events) {
      if (allowed.equalsIgnoreCase(e)) {
        return;
      }
    }
    throw new WebhookRejection(400, "the " + what + " '" + e + "' is not authorised");
  }

  /**
   * Flux's {@code gcr} Receiver: the Pub/Sub push's OIDC ID token is verified ({@code email} and
   * {@code audience} from the Receiver's Secret, each checked when set), then the push envelope is
   * decoded: {@code message.data} is base64 JSON with {@code action}, {@code digest}, {@code tag}.
   *
   * @return the unwrapped GCR event ({@code {"action","digest","tag"}}), the request body that
   *     {@code resourceFilter} sees, as in Flux
   */
  public static byte[] gcr(
      Map<String, String> headers,
      byte[] body,
      String email,
      String audience,
      GoogleIdTokenVerifier verifier)
      throws WebhookRejection {
    verifier.verify(headers.get("authorization"), email, audience);
    JsonNode push = json(body, "GCR");
    JsonNode data;
    try {
      byte[] raw =
          java.util.Base64.getDecoder().decode(push.path("message").path("data").asText(""));
      data = JSON.readTree(raw);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new WebhookRejection(400, "cannot decode GCR webhook body");
    }
    if (data == null || !data.isObject()) {
      throw new WebhookRejection(400, "cannot decode GCR webhook body");
    }
    com.fasterxml.jackson.databind.node.ObjectNode event = JSON.createObjectNode();
    event.put("action", data.path("action").asText(""));
    event.put("digest", data.path("digest").asText(""));
    event.put("tag", data.path("tag").asText(""));
    try {
      return JSON.writeValueAsBytes(event);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final java.util.regex.Pattern CDEVENT_TYPE =
      java.util.regex.Pattern.compile(
          "^dev\\.cdevents\\.[a-zA-Z]+\\.[a-zA-Z]+\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$");

  /**
   * The structural part of the CDEvents SDK's parse-and-validate: a JSON object whose {@code
   * context} has a non-empty {@code version}, {@code id} and {@code source}, a {@code type} of the
   * form {@code dev.cdevents.<subject>.<predicate>.<major>.<minor>.<patch>} and an RFC 3339 {@code
   * timestamp}, and whose {@code subject} has a non-empty {@code id} and an object {@code content}.
   */
  static void cdEvent(byte[] body) throws WebhookRejection {
    JsonNode event = json(body, "CDEvent");
    JsonNode context = event.path("context");
    JsonNode subject = event.path("subject");
    for (String field : List.of("version", "id", "source", "type", "timestamp")) {
      if (!context.path(field).isTextual() || context.path(field).asText().isEmpty()) {
        throw new WebhookRejection(
            400, "unable to validate CDEvent event: context." + field + " is required");
      }
    }
    if (!CDEVENT_TYPE.matcher(context.path("type").asText()).matches()) {
      throw new WebhookRejection(
          400,
          "unable to validate CDEvent event: unknown type '" + context.path("type").asText() + "'");
    }
    try {
      java.time.OffsetDateTime.parse(context.path("timestamp").asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new WebhookRejection(
          400, "unable to validate CDEvent event: context.timestamp is not RFC 3339");
    }
    if (!subject.path("id").isTextual()
        || subject.path("id").asText().isEmpty()
        || !subject.path("content").isObject()) {
      throw new WebhookRejection(
          400, "unable to validate CDEvent event: subject.id and subject.content are required");
    }
  }

  private static JsonNode json(byte[] body, String what) throws WebhookRejection {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new WebhookRejection(400, "cannot decode " + what + " webhook payload");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new WebhookRejection(400, "cannot decode " + what + " webhook payload");
    }
  }

  /** GitHub-style {@code <algo>=<hex>} signature check (sha1, sha256, sha512). */
  static boolean validHubSignature(String header, byte[] body, String token) {
    if (header == null || token == null) {
      return false;
    }
    int eq = header.indexOf('=');
    if (eq < 0) {
      return false;
    }
    String algorithm =
        switch (header.substring(0, eq).toLowerCase(Locale.ROOT)) {
          case "sha1" -> "HmacSHA1";
          case "sha256" -> "HmacSHA256";
          case "sha512" -> "HmacSHA512";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    return constantTimeEquals(
        header.substring(eq + 1).toLowerCase(Locale.ROOT), hex(algorithm, token, body));
  }

  /** Hex HMAC of {@code body} keyed with {@code key}. */
  public static String hex(String algorithm, String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
