package io.capstan.notification.event;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.runtime.process.ListenAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flux's event intake ({@code --events-addr}, default {@code :9090}): {@code POST /} with an Event
 * JSON body. Answers 202 when the event was accepted (matched or not), 400 for a body that is not a
 * valid event, 413 for a body over the size limit, 405 for other methods and 429 for a duplicate
 * within the rate-limit interval ({@link DuplicateEventLimiter}). Notifications are sent after the
 * answer, so a slow Provider never slows down the reporting controller.
 */
public final class EventServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventServer.class);

  /** Largest accepted event body. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final EventDispatcher dispatcher;
  private final DuplicateEventLimiter limiter;
  private final int maxBodyBytes;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();

  private EventServer(
      InetSocketAddress bind,
      EventDispatcher dispatcher,
      DuplicateEventLimiter limiter,
      int maxBodyBytes,
      int threads)
      throws IOException {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.maxBodyBytes = maxBodyBytes;
    this.server = HttpServer.create(bind, 128);
    this.executor = Executors.newFixedThreadPool(threads, r -> daemon(r, "event-server"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts an event server on {@code address} (Go form such as {@code :9090}). */
  public static EventServer start(
      String address, EventDispatcher dispatcher, DuplicateEventLimiter limiter, int maxBodyBytes)
      throws IOException {
    EventServer s =
        new EventServer(ListenAddress.parse(address), dispatcher, limiter, maxBodyBytes, 4);
    s.server.start();
    LOG.info("event server listening on {}", s.address());
    return s;
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Events accepted (202). */
  public long accepted() {
    return accepted.get();
  }

  /** Events rejected as invalid (400/405/413). */
  public long rejected() {
    return rejected.get();
  }

  /** Duplicates refused with 429. */
  public long rateLimited() {
    return rateLimited.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        rejected.incrementAndGet();
        respond(exchange, 405, "method not allowed");
        return;
      }
      byte[] body = readLimited(exchange.getRequestBody(), maxBodyBytes);
      if (body == null) {
        rejected.incrementAndGet();
        drain(exchange.getRequestBody(), 8L * maxBodyBytes);
        respond(exchange, 413, "");
        return;
      }
      NotificationEvent event;
      try {
        event = EventParser.parse(body);
      } catch (InvalidEventException e) {
        rejected.incrementAndGet();
        LOG.error("rejecting event: {}", e.getMessage());
        respond(exchange, 400, e.getMessage());
        return;
      }
      if (!limiter.allow(event)) {
        rateLimited.incrementAndGet();
        LOG.debug(
            "Discarding event, rate limiting duplicate events: {}",
            DuplicateEventLimiter.key(event));
        respond(exchange, 429, "duplicate event");
        return;
      }
      accepted.incrementAndGet();
      try {
        dispatcher.dispatch(event);
      } catch (RuntimeException e) {
        LOG.error("dispatching event failed: {}", e.toString());
      }
      respond(exchange, 202, "");
    }
  }

  private static byte[] readLimited(InputStream in, int max) throws IOException {
    byte[] data = in.readNBytes(max + 1);
    return data.length > max ? null : data;
  }

  /**
   * Reads and discards up to {@code limit} more bytes, so that a client still sending an oversized
   * body reads the 413 instead of a reset connection; beyond that the connection is just closed.
   */
  public static void drain(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = limit;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static void respond(HttpExchange exchange, int code, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
