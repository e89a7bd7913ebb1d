package io.capstan.notification.provider;

import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import io.capstan.runtime.events.SecretRedaction;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flux's {@code nats} Provider: publishes the Flux Event JSON to the subject {@code channel} on the
 * NATS server(s) of {@code address} ({@code nats://host[:4222]} or {@code tls://...},
 * comma-separated list), with {@code username}/{@code password} when both are set, as Flux's
 * nats.go client does ({@code Connect} with the client name {@code NATS Provider Publisher}, {@code
 * Publish}, {@code Flush}). The client is the NATS project's Java client ({@code io.nats:jnats});
 * one connection per event, no reconnects, closed afterwards, connect and flush bounded by the
 * Provider's timeout. An {@code -ERR} from the server (e.g. an authorization violation) fails the
 * delivery; the password never appears in an error.
 */
final class NatsNotifier implements Notifier, Conversation {

  private final List<String> servers = new ArrayList<>();
  private final String subject;
  private final String username;
  private final String password;
  private final Duration timeout;

  NatsNotifier(ProviderSettings s) throws UnsupportedProviderException {
    if (s.address() == null || s.address().isBlank()) {
      throw invalid("NATS server (address) cannot be empty");
    }
    if (s.channel() == null || s.channel().isEmpty()) {
      throw invalid("NATS subject (channel) cannot be empty");
    }
    if (s.channel().chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      throw invalid("NATS subject (channel) cannot contain whitespace");
    }
    for (String server : s.address().split(",")) {
      String a = server.trim();
      URI uri;
      try {
        uri = new URI(a.contains("://") ? a : "nats://" + a);
      } catch (java.net.URISyntaxException e) {
        throw invalid("invalid NATS server URL");
      }
      if (!List.of("nats", "tls").contains(uri.getScheme()) || uri.getHost() == null) {
        throw invalid("NATS server URL scheme '" + uri.getScheme() + "' is not supported");
      }
      servers.add(
          uri.getScheme()
              + "://"
              + uri.getHost()
              + ":"
              + (uri.getPort() > 0 ? uri.getPort() : 4222));
    }
    this.subject = s.channel();
    this.username = s.username();
    this.password = s.password();
    this.timeout = s.timeout();
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  /** Not an HTTP type: the publish happens in {@link #deliver}; this returns null. */
  @Override
  public OutboundRequest request(NotificationEvent event) {
    return null;
  }

  @Override
  public void deliver(NotificationEvent event, NotificationSender sender)
      throws NotificationSender.DeliveryException, InterruptedException {
    byte[] payload = EventParser.toBytes(event);
    Options.Builder options =
        Options.builder()
            .servers(servers.toArray(String[]::new))
            .connectionName("NATS Provider Publisher")
            .connectionTimeout(timeout)
            .noReconnect()
            .noRandomize()
            .errorListener(new ErrorListener() {});
    if (username != null && !username.isEmpty() && password != null && !password.isEmpty()) {
      options.userInfo(username, password);
    }
    try (Connection connection = Nats.connect(options.build())) {
      connection.publish(subject, payload);
      connection.flush(timeout);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      List<String> secrets = password == null || password.isEmpty() ? List.of() : List.of(password);
      throw new NotificationSender.DeliveryException(
          SecretRedaction.redact(
              "error publishing event to subject " + subject + ": " + e.getMessage(), secrets));
    }
  }
}
