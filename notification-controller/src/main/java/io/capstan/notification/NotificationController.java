package io.capstan.notification;

import io.capstan.api.notification.v1.Receiver;
import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.notification.alert.AlertMatcher;
import io.capstan.notification.event.DuplicateEventLimiter;
import io.capstan.notification.event.EventDispatcher;
import io.capstan.notification.event.EventServer;
import io.capstan.notification.event.NotificationEvent;
import io.capstan.notification.provider.NotificationSender;
import io.capstan.notification.provider.ProviderResolver;
import io.capstan.notification.receiver.ReceiverReconciler;
import io.capstan.notification.receiver.ReceiverServer;
import io.capstan.notification.receiver.ReconcileRequester;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.events.EventRateLimiter;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.KubernetesEventSink;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notification-controller as a library: the event intake ({@link EventServer}) dispatching to
 * Alerts and Providers, the Receiver reconciler and the webhook receiver ({@link ReceiverServer}).
 * {@link #start()} runs everything with an operator of its own; {@link #close()} stops it.
 */
public final class NotificationController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationController.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final String eventsAddress;
  private final String receiverAddress;
  private final boolean noCrossNamespaceRefs;
  private final Duration rateLimitInterval;
  private final NotificationSender.RetryPolicy retryPolicy;
  private final int concurrency;
  private final int receiverRatePerSecond;
  private final MeterRegistry meterRegistry;
  private final String instance;
  private Operator operator;
  private SharedIndexInformer<Alert> alerts;
  private SharedIndexInformer<Provider> providers;
  private SharedIndexInformer<Receiver> receivers;
  private EventDispatcher dispatcher;
  private EventServer eventServer;
  private ReceiverServer receiverServer;

  private NotificationController(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.namespaces = Set.copyOf(b.namespaces);
    this.eventsAddress = b.eventsAddress;
    this.receiverAddress = b.receiverAddress;
    this.noCrossNamespaceRefs = b.noCrossNamespaceRefs;
    this.rateLimitInterval = b.rateLimitInterval;
    this.retryPolicy = b.retryPolicy;
    this.concurrency = b.concurrency;
    this.receiverRatePerSecond = b.receiverRatePerSecond;
    this.meterRegistry = b.meterRegistry == null ? new SimpleMeterRegistry() : b.meterRegistry;
    this.instance = b.instance;
  }

  /** A builder; {@code client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Registers the Receiver reconciler with {@code operator} (not started here). */
  public void register(Operator operator) {
    FluxReconciler<Receiver> reconciler =
        FluxReconciler.builder(new ReceiverReconciler(client))
            .controllerName(ReceiverReconciler.CONTROLLER_NAME)
            .instance(instance)
            .client(client)
            .meterRegistry(meterRegistry)
            .build();
    operator.register(
        reconciler,
        FluxControllerConfiguration.of(
            Receiver.class, "receiver", namespaces, operator.getConfigurationService()));
  }

  /** Starts the informers, the event and receiver servers and the Receiver reconciler. */
  public synchronized void start() throws IOException {
    if (operator != null) {
      throw new IllegalStateException("already started");
    }
    alerts = inform(client.resources(Alert.class));
    providers = inform(client.resources(Provider.class));
    receivers = inform(client.resources(Receiver.class));
    EventRecorder recorder =
        new EventRecorder(
            ReceiverReconciler.CONTROLLER_NAME,
            List.of(new KubernetesEventSink(client, instance)),
            new EventRateLimiter(Duration.ofMinutes(5), Clock.systemUTC()),
            Clock.systemUTC());
    dispatcher =
        new EventDispatcher(
            new InformerSources(),
            new AlertMatcher(noCrossNamespaceRefs),
            new ProviderResolver(client),
            retryPolicy,
            recorder,
            1000);
    eventServer =
        EventServer.start(
            eventsAddress,
            dispatcher,
            new DuplicateEventLimiter(rateLimitInterval, Clock.systemUTC()),
            EventServer.DEFAULT_MAX_BODY_BYTES);
    receiverServer =
        ReceiverServer.start(
            receiverAddress,
            new InformerReceivers(),
            new ReconcileRequester(client, Clock.systemUTC()),
            ReceiverServer.DEFAULT_MAX_BODY_BYTES,
            receiverRatePerSecond);
    Operator started =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(concurrency));
    register(started);
    started.start();
    operator = started;
    LOG.info(
        "notification-controller started: events on {}, receivers on {}",
        eventServer.address(),
        receiverServer.address());
  }

  /** Where the event intake listens (after {@link #start()}). */
  public InetSocketAddress eventsAddress() {
    return eventServer.address();
  }

  /** Where the webhook receiver listens (after {@link #start()}). */
  public InetSocketAddress receiverAddress() {
    return receiverServer.address();
  }

  /** The dispatcher (after {@link #start()}), for delivery counts. */
  public EventDispatcher dispatcher() {
    return dispatcher;
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> SharedIndexInformer<T> inform(
      MixedOperation<T, ?, ?> resources) {
    if (namespaces.isEmpty()) {
      return resources.inAnyNamespace().inform();
    }
    return resources.inNamespace(namespaces.iterator().next()).inform();
  }

  /** Alerts and Providers from the informer caches; labels read from the API server. */
  private final class InformerSources implements EventDispatcher.Sources {
    @Override
    public List<Alert> alerts() {
      return alerts.getStore().list();
    }

    @Override
    public Provider provider(String namespace, String name) {
      return providers.getStore().getByKey(namespace + "/" + name);
    }

    @Override
    public Map<String, String> labels(NotificationEvent.InvolvedObject object) {
      if (object.apiVersion() == null || object.namespace() == null) {
        return null;
      }
      try {
        GenericKubernetesResource r =
            client
                .genericKubernetesResources(object.apiVersion(), object.kind())
                .inNamespace(object.namespace())
                .withName(object.name())
                .get();
        if (r == null) {
          return null;
        }
        return r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
      } catch (RuntimeException e) {
        LOG.error(
            "error getting object {}/{}/{}: {}",
            object.kind(),
            object.namespace(),
            object.name(),
            e.getMessage());
        return null;
      }
    }
  }

  /** Receivers from the informer cache, found by {@code status.webhookPath}. */
  private final class InformerReceivers implements ReceiverServer.Receivers {
    @Override
    public Receiver byWebhookPath(String path) {
      for (Receiver r : receivers.getStore().list()) {
        if (r.getStatus() != null && path.equals(r.getStatus().getWebhookPath())) {
          return r;
        }
      }
      return null;
    }

    @Override
    public String token(Receiver receiver) {
      return ReceiverReconciler.token(client, receiver);
    }
  }

  /** Stops the servers, the operator and the informers; the client stays open. */
  @Override
  public synchronized void close() {
    if (receiverServer != null) {
      receiverServer.close();
    }
    if (eventServer != null) {
      eventServer.close();
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (operator != null) {
      operator.stop();
      operator = null;
    }
    for (SharedIndexInformer<?> informer :
        new SharedIndexInformer<?>[] {alerts, providers, receivers}) {
      if (informer != null) {
        informer.close();
      }
    }
  }

  /** Configuration of a {@link NotificationController}. */
  public static final class Builder {
    private KubernetesClient client;
    private Set<String> namespaces = Set.of();
    private String eventsAddress = ":9090";
    private String receiverAddress = ":9292";
    private boolean noCrossNamespaceRefs;
    private Duration rateLimitInterval = DuplicateEventLimiter.DEFAULT_INTERVAL;
    private NotificationSender.RetryPolicy retryPolicy = NotificationSender.RetryPolicy.DEFAULT;
    private int concurrency = 4;
    private int receiverRatePerSecond = 50;
    private MeterRegistry meterRegistry;
    private String instance = "notification-controller";

    private Builder() {}

    /** The API client (required; not closed by the controller). */
    public Builder client(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** Namespaces to watch (empty: all). */
    public Builder namespaces(Set<String> namespaces) {
      this.namespaces = Set.copyOf(namespaces);
      return this;
    }

    /** {@code --events-addr}: where events are received (default {@code :9090}). */
    public Builder eventsAddress(String address) {
      this.eventsAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** {@code --receiverAddr}: where webhooks are received (default {@code :9292}). */
    public Builder receiverAddress(String address) {
      this.receiverAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** {@code --no-cross-namespace-refs}: Alerts take events of their own namespace only. */
    public Builder noCrossNamespaceRefs(boolean enabled) {
      this.noCrossNamespaceRefs = enabled;
      return this;
    }

    /** {@code --rate-limit-interval}: duplicate events pass once per interval (default 5m). */
    public Builder rateLimitInterval(Duration interval) {
      this.rateLimitInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Retries of outbound notifications (default: 5 attempts, 1s..30s). */
    public Builder retryPolicy(NotificationSender.RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Concurrent Receiver reconciles (default 4). */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Webhook calls served per path per second, more get 429 (default 50; 0: no limit). */
    public Builder receiverRatePerSecond(int rate) {
      this.receiverRatePerSecond = rate;
      return this;
    }

    /** Where reconcile metrics go. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** The reporting instance of events (the pod name). */
    public Builder instance(String instance) {
      this.instance = Objects.requireNonNull(instance, "instance");
      return this;
    }

    /** The controller (nothing started yet). */
    public NotificationController build() {
      return new NotificationController(this);
    }
  }
}
