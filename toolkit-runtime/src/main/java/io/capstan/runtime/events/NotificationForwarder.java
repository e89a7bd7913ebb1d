package io.capstan.runtime.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards events to a notification-controller ({@code --events-addr}) in Flux's Event JSON ({@code
 * event.toolkit.fluxcd.io/v1beta1}): {@code involvedObject}, {@code severity} ({@code info} or
 * {@code error}), {@code timestamp}, {@code message}, {@code reason}, {@code metadata}, {@code
 * reportingController}, {@code reportingInstance}, POSTed as {@code application/json}.
 *
 * <p>Guarantees: {@link #accept} never blocks and never throws: events go to a bounded queue and a
 * single background thread delivers them, retrying failed POSTs (connection errors, 429 and 5xx)
 * with exponential backoff; when the queue is full the event is dropped and counted ({@link
 * #dropped()}). {@link EventType#TRACE} events are never forwarded (as Flux). The message and the
 * metadata values are scrubbed with {@link SecretRedaction} once more before they leave the
 * process.
 */
public final class NotificationForwarder implements EventSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationForwarder.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FluxEvent STOP =
      new FluxEvent(
          new ObjectReference(), EventType.TRACE, "", "", Map.of(), java.time.Instant.EPOCH, "");

  private final URI address;
  private final String instance;
  private final HttpClient http;
  private final Duration attemptTimeout;
  private final BlockingQueue<FluxEvent> queue;
  private final Retry retry;
  private final Thread worker;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  private NotificationForwarder(Builder b) {
    this.address = Objects.requireNonNull(b.address, "address");
    String scheme = address.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("events address must be http(s): " + address);
    }
    this.instance = b.instance;
    this.attemptTimeout = b.attemptTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.attemptTimeout)
            .build();
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.retry =
        Retry.of(
            "event-forward",
            RetryConfig.custom()
                .maxAttempts(b.maxAttempts)
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(b.initialBackoff, 2.0, b.maxBackoff))
                .retryOnException(e -> e instanceof RetryableDelivery || e instanceof IOException)
                .build());
    this.worker = new Thread(this::deliverLoop, "event-forwarder");
    worker.setDaemon(true);
    worker.start();
  }

  /** A builder for a forwarder POSTing to {@code address} (e.g. {@code http://nc.ns.svc/}). */
  public static Builder builder(String address) {
    return new Builder(URI.create(address));
  }

  @Override
  public void accept(FluxEvent event) {
    if (event.type() == EventType.TRACE || closed) {
      return;
    }
    if (!queue.offer(event)) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 100 == 0) {
        LOG.warn("event queue full, dropped {} events so far (notification-controller down?)", n);
      }
    }
  }

  /** Events delivered (2xx) so far. */
  public long delivered() {
    return delivered.get();
  }

  /** Events given up on after all retries. */
  public long failed() {
    return failed.get();
  }

  /** Events dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Events waiting in the queue. */
  public int pending() {
    return queue.size();
  }

  /** Flux's Event JSON for {@code event} as reported by {@code instance} (pure). */
  public static String toJson(FluxEvent event, String instance) {
    ObjectNode root = JSON.createObjectNode();
    ObjectReference ref = event.involvedObject();
    ObjectNode obj = root.putObject("involvedObject");
    putIfSet(obj, "kind", ref.getKind());
    putIfSet(obj, "namespace", ref.getNamespace());
    putIfSet(obj, "name", ref.getName());
    putIfSet(obj, "uid", ref.getUid());
    putIfSet(obj, "apiVersion", ref.getApiVersion());
    putIfSet(obj, "resourceVersion", ref.getResourceVersion());
    root.put("severity", event.type().severity());
    root.put(
        "timestamp",
        DateTimeFormatter.ISO_INSTANT.format(event.timestamp().truncatedTo(ChronoUnit.SECONDS)));
    root.put("message", SecretRedaction.redact(event.message()));
    root.put("reason", event.reason());
    if (!event.metadata().isEmpty()) {
      ObjectNode meta = root.putObject("metadata");
      new TreeMap<>(event.metadata()).forEach((k, v) -> meta.put(k, SecretRedaction.redact(v)));
    }
    root.put("reportingController", event.reportingController());
    putIfSet(root, "reportingInstance", instance);
    return root.toString();
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  private void deliverLoop() {
    while (true) {
      FluxEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (event == STOP) {
        return;
      }
      String body = toJson(event, instance);
      try {
        retry.executeCheckedSupplier(() -> post(body));
        delivered.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable e) {
        failed.incrementAndGet();
        LOG.warn(
            "could not forward event {} for {}/{} to {}: {}",
            event.reason(),
            event.involvedObject().getNamespace(),
            event.involvedObject().getName(),
            address,
            SecretRedaction.redact(String.valueOf(e)));
      }
    }
  }

  private Integer post(String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(address)
            .timeout(attemptTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    int code = response.statusCode();
    if (code == 429 || code >= 500) {
      throw new RetryableDelivery("status " + code);
    }
    if (code >= 300) {
      // 400 (rejected) is not retried: the same body would be rejected again.
      throw new IOException("rejected with status " + code) {
        @Override
        public synchronized Throwable fillInStackTrace() {
          return this;
        }
      };
    }
    return code;
  }

  /**
   * Stops accepting events and waits up to {@code timeout} for the queue to drain; what is left
   * afterwards is dropped.
   */
  public void close(Duration timeout) {
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    queue.clear();
    queue.offer(STOP);
    worker.interrupt();
  }

  /** {@link #close(Duration)} with a 5s drain. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private static final class RetryableDelivery extends RuntimeException {
    RetryableDelivery(String message) {
      super(message, null, false, false);
    }
  }

  /** Configures a {@link NotificationForwarder}. */
  public static final class Builder {
    private final URI address;
    private String instance = "";
    private int queueCapacity = 1000;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofSeconds(2);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration attemptTimeout = Duration.ofSeconds(15);

    private Builder(URI address) {
      this.address = address;
    }

    /** {@code reportingInstance} (Flux: the pod's host name). */
    public Builder instance(String instance) {
      this.instance = Objects.requireNonNull(instance, "instance");
      return this;
    }

    /** Events held while the receiver is slow or down (default 1000). */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queue capacity must be at least 1");
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** Attempts per event including the first (default 5, as Flux's 4 retries). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Backoff before the first retry, doubled up to {@code max} (default 2s..30s). */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = Objects.requireNonNull(initial, "initial");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      return this;
    }

    /** Timeout of one POST (default 15s, as Flux). */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The forwarder, its delivery thread started. */
    public NotificationForwarder build() {
      return new NotificationForwarder(this);
    }
  }
}
