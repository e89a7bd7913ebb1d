package io.capstan.notification.event;

import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.notification.alert.AlertMatcher;
import io.capstan.notification.alert.AlertNotification;
import io.capstan.notification.provider.CommitStatusExpression;
import io.capstan.notification.provider.Conversation;
import io.capstan.notification.provider.GitHubAppTokens;
import io.capstan.notification.provider.NotificationSender;
import io.capstan.notification.provider.Notifier;
import io.capstan.notification.provider.Notifiers;
import io.capstan.notification.provider.OtelNotifier;
import io.capstan.notification.provider.OutboundRequest;
import io.capstan.notification.provider.Precheck;
import io.capstan.notification.provider.ProviderResolver;
import io.capstan.notification.provider.ProviderSettings;
import io.capstan.notification.provider.UnsupportedProviderException;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.EventType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an event to every matching Alert's Provider. Matching is synchronous ({@link
 * AlertMatcher}); sending is not: each Provider has its own lane (a few threads, bounded queue), so
 * a slow or failing Provider, retried with backoff, never delays the others or the event intake. A
 * Provider that cannot send (type not supported yet, missing secret, bad address) is never dropped
 * silently: an error is logged and a Warning event is recorded on the Provider.
 */
public final class EventDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  /** Concurrent deliveries per Provider (Flux sends each notification concurrently). */
  static final int LANE_THREADS = 4;

  /** Where Alerts, Providers and involved-object labels come from. */
  public interface Sources {
    /** Every Alert the controller watches. */
    List<Alert> alerts();

    /** The Provider {@code namespace/name}, or null. */
    Provider provider(String namespace, String name);

    /** The labels of the involved object, or null when it cannot be read. */
    Map<String, String> labels(NotificationEvent.InvolvedObject object);

    /**
     * The object {@code apiVersion}/{@code kind} {@code namespace/name} from the API server, or
     * null when absent or unreadable (the otel Provider's trace lineage).
     */
    default GenericKubernetesResource object(
        String apiVersion, String kind, String namespace, String name) {
      return null;
    }
  }

  private final Sources objects;
  private final AlertMatcher matcher;
  private final ProviderResolver resolver;
  private final NotificationSender.RetryPolicy retryPolicy;
  private final EventRecorder recorder;
  private final int laneCapacity;
  private final Map<String, ThreadPoolExecutor> lanes = new ConcurrentHashMap<>();
  private final Map<String, CachedSender> senders = new ConcurrentHashMap<>();
  private final GitHubAppTokens githubApps = new GitHubAppTokens();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile LatencyListener latencyListener = nanos -> {};

  /** Observes the time from intake to a delivered notification. */
  @FunctionalInterface
  public interface LatencyListener {
    /** Called after each successful delivery. */
    void delivered(long nanosSinceReceived);
  }

  /**
   * A dispatcher.
   *
   * @param recorder records Warning events on Providers that cannot send (may be null)
   */
  public EventDispatcher(
      Sources objects,
      AlertMatcher matcher,
      ProviderResolver resolver,
      NotificationSender.RetryPolicy retryPolicy,
      EventRecorder recorder,
      int laneCapacity) {
    this.objects = Objects.requireNonNull(objects, "objects");
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.recorder = recorder;
    this.laneCapacity = laneCapacity;
  }

  /** Sets a listener for delivery latency (benchmarks, metrics). */
  public void onDelivered(LatencyListener listener) {
    this.latencyListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Dispatches {@code event} (as received, metadata not yet cleaned up); returns how many Alerts
   * matched. Never blocks on a Provider.
   */
  public int dispatch(NotificationEvent event) {
    long received = System.nanoTime();
    List<Alert> alerts = matcher.matching(event, objects.alerts(), objects::labels);
    if (alerts.isEmpty()) {
      LOG.debug(
          "Discarding event, no alerts found for the involved object {}/{}/{}",
          event.involvedObject().kind(),
          event.involvedObject().namespace(),
          event.involvedObject().name());
      return 0;
    }
    for (Alert alert : alerts) {
      String namespace = alert.getMetadata().getNamespace();
      String providerName = alert.getSpec().getProviderRef().getName();
      Provider provider = objects.provider(namespace, providerName);
      if (provider == null) {
        LOG.error(
            "failed to read provider {}/{} of alert {}",
            namespace,
            providerName,
            alert.getMetadata().getName());
        continue;
      }
      if (provider.getSpec() == null || Boolean.TRUE.equals(provider.getSpec().getSuspend())) {
        continue;
      }
      NotificationEvent notification = AlertNotification.of(event, alert);
      enqueue(provider, alert, notification, received);
    }
    return alerts.size();
  }

  private void enqueue(
      Provider provider, Alert alert, NotificationEvent notification, long received) {
    String lane =
        provider.getMetadata().getUid() != null
            ? provider.getMetadata().getUid()
            : provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName();
    ThreadPoolExecutor executor = lanes.computeIfAbsent(lane, k -> newLane(provider));
    try {
      executor.execute(() -> send(provider, alert, notification, received));
    } catch (RejectedExecutionException e) {
      long n = dropped.incrementAndGet();
      LOG.warn(
          "provider {}/{} is backlogged, dropped notification ({} dropped so far)",
          provider.getMetadata().getNamespace(),
          provider.getMetadata().getName(),
          n);
    }
  }

  private ThreadPoolExecutor newLane(Provider provider) {
    String name =
        "provider-"
            + provider.getMetadata().getNamespace()
            + "-"
            + provider.getMetadata().getName();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            LANE_THREADS,
            LANE_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(laneCapacity),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  private void send(Provider provider, Alert alert, NotificationEvent notification, long received) {
    String ns = provider.getMetadata().getNamespace();
    String name = provider.getMetadata().getName();
    ProviderSettings settings;
    Notifier notifier;
    String commitStatus;
    try {
      commitStatus = CommitStatusExpression.evaluate(provider, alert, notification);
    } catch (IllegalArgumentException e) {
      failed.incrementAndGet();
      LOG.error("failed to send notification to provider {}/{}: {}", ns, name, e.getMessage());
      recordWarning(provider, "InvalidCommitStatusExpr", e.getMessage());
      return;
    }
    NotificationSender sender;
    try {
      settings = resolver.resolve(provider).withCommitStatus(commitStatus);
      sender = sender(settings, ns + "/" + name);
    } catch (UnsupportedProviderException e) {
      failed.incrementAndGet();
      LOG.error("failed to initialize provider {}/{}: {}", ns, name, e.getMessage());
      recordWarning(provider, e.reason(), e.getMessage());
      return;
    }
    try {
      settings = githubApps.authenticate(settings, sender);
      notifier = Notifiers.create(settings);
      if (notifier instanceof Conversation conversation) {
        conversation.deliver(notification, sender);
        sent.incrementAndGet();
        latencyListener.delivered(System.nanoTime() - received);
        return;
      }
      List<OutboundRequest> requests;
      if (notifier instanceof OtelNotifier otel) {
        OutboundRequest request =
            otel.request(
                notification,
                new OtelNotifier.AlertRef(
                    alert.getMetadata().getNamespace(),
                    alert.getMetadata().getName(),
                    alert.getMetadata().getUid()),
                objects::object);
        requests = request == null ? List.of() : List.of(request);
      } else {
        requests = notifier.requests(notification);
      }
      if (requests.isEmpty()) {
        return; // the Provider type skips this event (e.g. Progressing for commit statuses)
      }
      if (notifier instanceof Precheck precheck
          && precheck.redundant(
              sender.fetch(precheck.lookup(notification), precheck.notFoundIsEmpty()),
              notification)) {
        return;
      }
      for (OutboundRequest request : requests) {
        sender.send(request);
      }
      sent.incrementAndGet();
      latencyListener.delivered(System.nanoTime() - received);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalArgumentException e) {
      failed.incrementAndGet();
      LOG.error("failed to send notification to provider {}/{}: {}", ns, name, e.getMessage());
    } catch (UnsupportedProviderException e) {
      failed.incrementAndGet();
      LOG.error("failed to initialize provider {}/{}: {}", ns, name, e.getMessage());
      recordWarning(provider, e.reason(), e.getMessage());
    } catch (NotificationSender.DeliveryException e) {
      failed.incrementAndGet();
      LOG.error(
          "failed to send notification for {}/{}/{} to provider {}/{}: {}",
          notification.involvedObject().kind(),
          notification.involvedObject().namespace(),
          notification.involvedObject().name(),
          ns,
          name,
          e.getMessage());
    }
  }

  private record CachedSender(ProviderSettings settings, NotificationSender sender) {}

  /** One HTTP client per Provider, rebuilt when its settings change. */
  private NotificationSender sender(ProviderSettings settings, String key)
      throws UnsupportedProviderException {
    settings = settings.withCommitStatus(null); // per notification, not part of the client
    CachedSender cached = senders.get(key);
    if (cached != null && cached.settings().equals(settings)) {
      return cached.sender();
    }
    NotificationSender sender = new NotificationSender(settings, retryPolicy);
    senders.put(key, new CachedSender(settings, sender));
    return sender;
  }

  private void recordWarning(HasMetadata provider, String reason, String message) {
    if (recorder != null) {
      recorder.record(provider, EventType.WARNING, reason, message);
    }
  }

  /** Notifications delivered. */
  public long sent() {
    return sent.get();
  }

  /** Notifications that failed after retries or could not be prepared. */
  public long failed() {
    return failed.get();
  }

  /** Notifications dropped because their Provider's lane was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Waits up to {@code timeout} for every lane to be idle (tests, benchmarks, shutdown). */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean idle =
          lanes.values().stream().allMatch(e -> e.getQueue().isEmpty() && e.getActiveCount() == 0);
      if (idle) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Override
  public void close() {
    lanes.values().forEach(ExecutorService::shutdownNow);
    lanes.clear();
  }
}
