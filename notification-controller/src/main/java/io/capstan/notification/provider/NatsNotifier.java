package io.capstan.notification.provider;

import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.GoJson;
import io.capstan.notification.event.NotificationEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flux's {@code nats} Provider: publishes the Flux Event JSON to the subject {@code channel} on the
 * NATS server(s) of {@code address} ({@code nats://host[:4222]}, comma-separated list tried in
 * order), with {@code username}/{@code password} when both are set, as nats.go's {@code Connect},
 * {@code Publish} and {@code Flush} do: read {@code INFO}, send {@code CONNECT} + {@code PING}
 * (client name {@code NATS Provider Publisher}), {@code PUB <subject> <size>} with the payload,
 * then {@code PING} and wait for {@code PONG}; an {@code -ERR} (e.g. an authorization violation)
 * fails the delivery. One connection per event, closed afterwards, each step bounded by the
 * Provider's timeout. {@code tls://} servers are refused (not supported yet).
 */
final class NatsNotifier implements Notifier, Conversation {

  private final List<InetSocketAddress> servers = new ArrayList<>();
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
      if (!"nats".equals(uri.getScheme()) || uri.getHost() == null) {
        throw invalid("NATS server URL scheme '" + uri.getScheme() + "' is not supported yet");
      }
      servers.add(
          InetSocketAddress.createUnresolved(
              uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 4222));
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
      throws NotificationSender.DeliveryException {
    byte[] payload = EventParser.toBytes(event);
    String last = "no server";
    for (InetSocketAddress server : servers) {
      try {
        publish(new InetSocketAddress(server.getHostString(), server.getPort()), payload);
        return;
      } catch (IOException e) {
        last = e.getMessage();
      }
    }
    throw new NotificationSender.DeliveryException(
        "error publishing event to subject " + subject + ": " + last);
  }

  private void publish(InetSocketAddress server, byte[] payload) throws IOException {
    try (Socket socket = new Socket()) {
      int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      socket.connect(server, millis);
      socket.setSoTimeout(millis);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      String info = in.readLine();
      if (info == null || !info.startsWith("INFO ")) {
        throw new IOException("error connecting to server: no INFO from " + server.getHostString());
      }
      var connect = GoJson.MAPPER.createObjectNode();
      connect.put("verbose", false);
      connect.put("pedantic", false);
      if (username != null && !username.isEmpty() && password != null && !password.isEmpty()) {
        connect.put("user", username);
        connect.put("pass", password);
      }
      connect.put("tls_required", false);
      connect.put("name", "NATS Provider Publisher");
      connect.put("lang", "java");
      connect.put("version", "capstan");
      connect.put("protocol", 1);
      connect.put("echo", true);
      connect.put("headers", false);
      connect.put("no_responders", false);
      // nats.go's handshake: CONNECT + PING, the server answers PONG or -ERR
      out.write(
          ("CONNECT " + GoJson.MAPPER.writeValueAsString(connect) + "\r\nPING\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      awaitPong(in, out, "error connecting to server: ");
      // Publish + Flush
      out.write(
          ("PUB " + subject + " " + payload.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(payload);
      out.write("\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      awaitPong(in, out, "error publishing message to server: ");
    }
  }

  private static void awaitPong(BufferedReader in, OutputStream out, String what)
      throws IOException {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("PONG")) {
        return;
      }
      if (line.startsWith("-ERR")) {
        throw new IOException(what + line.substring(4).trim());
      }
      if (line.startsWith("PING")) {
        out.write("PONG\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
    throw new IOException(what + "connection closed");
  }
}
