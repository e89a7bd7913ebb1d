package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.api.meta.Condition;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.api.notification.v1.ReceiverResource;
import io.capstan.runtime.process.ListenAddress;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flux's webhook receiver ({@code --receiverAddr}, default {@code :9292}): {@code POST
 * /hook/<digest>} finds the Ready Receiver whose {@code status.webhookPath} it is (404 if none, 503
 * if suspended or not Ready), checks the call for its type ({@link WebhookValidator}: 401 for a bad
 * signature or token, 400 for a malformed body or an event not allowed), then annotates each
 * selected resource the {@code resourceFilter} accepts with {@code reconcile.fluxcd.io/requestedAt}
 * (200; 500 if one could not be annotated). Bodies over the size limit get 413 and calls over the
 * per-path rate 429, both before anything is read from the API.
 */
public final class ReceiverServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Largest accepted webhook body (GitHub caps payloads at 25 MiB; most are far smaller). */
  public static final int DEFAULT_MAX_BODY_BYTES = 5 << 20;

  /** Where Receivers and their tokens come from. */
  public interface Receivers {
    /** The Receiver whose {@code status.webhookPath} is {@code path}, or null. */
    Receiver byWebhookPath(String path);

    /** The {@code token} of the Receiver's secretRef, or null when it cannot be read. */
    String token(Receiver receiver);

    /** Another key of the Receiver's secretRef ({@code email}, {@code audience}), or null. */
    default String secretValue(Receiver receiver, String key) {
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Receivers receivers;
  private final ReconcileRequester requester;
  private final int maxBodyBytes;
  private final int ratePerSecond;
  private final Map<String, long[]> windows = new ConcurrentHashMap<>();
  private volatile GenericOidcVerifier oidcVerifier =
      new GenericOidcVerifier(java.time.Clock.systemUTC());
  private volatile GoogleIdTokenVerifier gcrVerifier =
      new GoogleIdTokenVerifier(GoogleIdTokenVerifier.GOOGLE_JWKS, java.time.Clock.systemUTC());

  private ReceiverServer(
      InetSocketAddress bind,
      Receivers receivers,
      ReconcileRequester requester,
      int maxBodyBytes,
      int ratePerSecond)
      throws IOException {
    this.receivers = Objects.requireNonNull(receivers, "receivers");
    this.requester = Objects.requireNonNull(requester, "requester");
    this.maxBodyBytes = maxBodyBytes;
    this.ratePerSecond = ratePerSecond;
    this.server = HttpServer.create(bind, 128);
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "receiver-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a receiver server on {@code address} ({@code :9292}); {@code ratePerSecond} calls per
   * webhook path per second are served, more get 429.
   */
  public static ReceiverServer start(
      String address,
      Receivers receivers,
      ReconcileRequester requester,
      int maxBodyBytes,
      int ratePerSecond)
      throws IOException {
    ReceiverServer s =
        new ReceiverServer(
            ListenAddress.parse(address), receivers, requester, maxBodyBytes, ratePerSecond);
    s.server.start();
    LOG.info("receiver server listening on {}", s.address());
    return s;
  }

  /** Uses {@code verifier} for {@code generic-oidc} ID tokens (tests: another clock). */
  public ReceiverServer oidcVerifier(GenericOidcVerifier verifier) {
    this.oidcVerifier = Objects.requireNonNull(verifier, "verifier");
    return this;
  }

  /** Uses {@code verifier} for {@code gcr} ID tokens (default: Google's published keys). */
  public ReceiverServer gcrVerifier(GoogleIdTokenVerifier verifier) {
    this.gcrVerifier = Objects.requireNonNull(verifier, "verifier");
    return this;
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!path.startsWith(WebhookPath.PREFIX)) {
        respond(exchange, 404);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405);
        return;
      }
      if (!admit(path)) {
        respond(exchange, 429);
        return;
      }
      byte[] body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        io.capstan.notification.event.EventServer.drain(
            exchange.getRequestBody(), 8L * maxBodyBytes);
        respond(exchange, 413);
        return;
      }
      respond(exchange, handle(path, headers(exchange), body));
    }
  }

  /** Handles one call and returns the HTTP status (exposed for tests). */
  int handle(String path, Map<String, String> headers, byte[] body) {
    Receiver receiver = receivers.byWebhookPath(path);
    if (receiver == null) {
      return 404;
    }
    String name = receiver.getMetadata().getNamespace() + "/" + receiver.getMetadata().getName();
    if (Boolean.TRUE.equals(receiver.getSpec().getSuspend()) || !isReady(receiver)) {
      LOG.error("unable to process request: receiver {} is suspended or not ready", name);
      return 503;
    }
    String type = receiver.getSpec().getType().name().replace('_', '-');
    String token = "generic-oidc".equals(type) ? "" : receivers.token(receiver);
    if (token == null) {
      LOG.error("unable to read token of receiver {}", name);
      return 400;
    }
    Map<String, Object> claims = Map.of();
    try {
      if ("generic-oidc".equals(type)) {
        claims =
            oidcVerifier.verify(
                headers.get("authorization"), receiver.getSpec().getOidcProviders());
      } else if ("gcr".equals(type)) {
        body =
            WebhookValidator.gcr(
                headers,
                body,
                receivers.secretValue(receiver, "email"),
                receivers.secretValue(receiver, "audience"),
                gcrVerifier);
      } else {
        WebhookValidator.validate(type, receiver.getSpec().getEvents(), token, headers, body);
      }
    } catch (WebhookRejection e) {
      LOG.error("unable to validate payload for receiver {}: {}", name, e.getMessage());
      return e.status();
    }
    ResourceFilter filter = null;
    JsonNode request = null;
    if (receiver.getSpec().getResourceFilter() != null
        && !receiver.getSpec().getResourceFilter().isBlank()) {
      try {
        filter = ResourceFilter.compile(receiver.getSpec().getResourceFilter());
        request = parseOrEmpty(body);
      } catch (IllegalArgumentException e) {
        LOG.error("unable to create CEL evaluator for receiver {}: {}", name, e.getMessage());
        return 500;
      }
    }
    boolean errors = false;
    for (ReceiverResource ref : receiver.getSpec().getResources()) {
      try {
        for (GenericKubernetesResource resource :
            requester.select(ref, receiver.getMetadata().getNamespace())) {
          String id =
              resource.getKind()
                  + "/"
                  + resource.getMetadata().getName()
                  + "."
                  + resource.getMetadata().getNamespace();
          if (filter != null
              && !filter.accepts(ReconcileRequester.filterView(resource), request, claims)) {
            LOG.info("resource '{}' NOT annotated because CEL expression returned false", id);
            continue;
          }
          requester.request(resource);
          LOG.info("resource '{}' annotated", id);
        }
      } catch (RuntimeException e) {
        errors = true;
        LOG.error("unable to request reconciliation for receiver {}: {}", name, e.getMessage());
      }
    }
    return errors ? 500 : 200;
  }

  private static JsonNode parseOrEmpty(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static boolean isReady(Receiver receiver) {
    if (receiver.getStatus() == null || receiver.getStatus().getConditions() == null) {
      return false;
    }
    for (Condition c : receiver.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return c.getStatus() == Condition.Status.True;
      }
    }
    return false;
  }

  /** A fixed one-second window per path. */
  private boolean admit(String path) {
    if (ratePerSecond <= 0) {
      return true;
    }
    long second = System.nanoTime() / 1_000_000_000L;
    long[] window = windows.computeIfAbsent(path, p -> new long[2]);
    synchronized (window) {
      if (window[0] != second) {
        window[0] = second;
        window[1] = 0;
      }
      return ++window[1] <= ratePerSecond;
    }
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> out = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    return out;
  }

  private static void respond(HttpExchange exchange, int status) throws IOException {
    byte[] text = (status == 200 ? "" : "status " + status).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
    if (text.length > 0) {
      exchange.getResponseBody().write(text);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
