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
import io.capstan.runtime.controller.ReconcileInputs;
import io.capstan.runtime.events.EventRateLimiter;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.KubernetesEventSink;
import io.capstan.runtime.events.NotificationForwarder;
import io.capstan.runtime.events.ProcessEventSinks;
import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
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
 * {@link #start()} runs everything with an operator of its own; {@link #register(Operator)} starts
 * the informers and servers and registers the Receiver reconciler with an operator the caller runs
 * ({@code capstan run}); {@link #close()} stops what either started, never the client.
 */
public final class NotificationController implements Controller {

  /** Flux's name of the controller: events, metrics, Lease. */
  public static final String NAME = ReceiverReconciler.CONTROLLER_NAME;

  private static final Logger LOG = LoggerFactory.getLogger(NotificationController.class);

  private final ControllerBuilder.Settings settings;
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final String eventsAddress;
  private final String receiverAddress;
  private final boolean noCrossNamespaceRefs;
  private final Duration rateLimitInterval;
  private final NotificationSender.RetryPolicy retryPolicy;
  private final int receiverRatePerSecond;
  private final boolean receiveProcessEvents;
  private final String instance;
  private Operator operator;
  private boolean registered;
  private SharedIndexInformer<Alert> alerts;
  private SharedIndexInformer<Provider> providers;
  private SharedIndexInformer<Receiver> receivers;
  private EventDispatcher dispatcher;
  private EventServer eventServer;
  private ReceiverServer receiverServer;
  private NotificationForwarder processEvents;

  private NotificationController(Builder b) {
    this.settings = b.settings();
    this.client = settings.client();
    this.namespaces = settings.watchNamespaces();
    NotificationControllerOptions o = b.options;
    this.eventsAddress = o.eventsAddress();
    this.receiverAddress = o.receiverAddress();
    this.noCrossNamespaceRefs = o.noCrossNamespaceRefs();
    this.rateLimitInterval = o.rateLimitInterval();
    this.retryPolicy = b.retryPolicy;
    this.receiverRatePerSecond = b.receiverRatePerSecond;
    this.receiveProcessEvents = o.receiveProcessEvents();
    this.instance = b.instance;
  }

  /** A builder; {@code client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int concurrency() {
    return settings.concurrency();
  }

  /**
   * Starts the informers of Alerts, Providers and Receivers, the event intake and the webhook
   * receiver, and registers the Receiver reconciler with {@code operator} (not started here).
   *
   * @throws IOException when a server cannot bind its address
   * @throws IllegalStateException when already registered
   */
  @Override
  public synchronized void register(Operator operator) throws IOException {
    if (registered) {
      throw new IllegalStateException("already registered");
    }
    registered = true;
    alerts = inform(client.resources(Alert.class));
    providers = inform(client.resources(Provider.class));
    receivers = inform(client.resources(Receiver.class));
    EventRecorder recorder =
        new EventRecorder(
            NAME,
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
    FluxReconciler<Receiver> reconciler =
        FluxReconciler.builder(new ReceiverReconciler(client))
            .controllerName(NAME)
            .instance(instance)
            .client(client)
            .meterRegistry(settings.meterRegistry())
            // As Flux's: no watch but its own objects; the token Secret is read again at the
            // interval.
            .skipUnchanged(ReconcileInputs.none())
            .build();
    operator.register(
        reconciler,
        FluxControllerConfiguration.of(
            Receiver.class, "receiver", namespaces, operator.getConfigurationService()));
    if (receiveProcessEvents) {
      processEvents =
          NotificationForwarder.builder(loopbackUrl(eventServer.address()))
              .instance(instance)
              .build();
      ProcessEventSinks.install(processEvents);
    }
    LOG.info(
        "notification-controller serving: events on {}, receivers on {}{}",
        eventServer.address(),
        receiverServer.address(),
        receiveProcessEvents ? " (receiving the events of this process)" : "");
  }

  /** Starts an operator of its own with the Receiver reconciler, the informers and the servers. */
  @Override
  public synchronized NotificationController start() throws IOException {
    if (operator != null || registered) {
      throw new IllegalStateException("already started");
    }
    Operator started = settings.newOperator();
    try {
      register(started);
      started.start();
    } catch (RuntimeException | IOException e) {
      close();
      started.stop();
      throw e;
    }
    operator = started;
    return this;
  }

  @Override
  public boolean ready() {
    return eventServer != null && receiverServer != null;
  }

  /** The URL this process reaches the intake bound to {@code address} at. */
  static String loopbackUrl(InetSocketAddress address) {
    String host =
        address.getAddress() == null || address.getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + address.getPort() + "/";
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
    public GenericKubernetesResource object(
        String apiVersion, String kind, String namespace, String name) {
      if (apiVersion == null || kind == null || namespace == null || name == null) {
        return null;
      }
      try {
        return client
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(namespace)
            .withName(name)
            .get();
      } catch (RuntimeException e) {
        LOG.debug("error getting object {}/{}/{}: {}", kind, namespace, name, e.getMessage());
        return null;
      }
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

    @Override
    public String secretValue(Receiver receiver, String key) {
      return ReceiverReconciler.secretValue(client, receiver, key);
    }
  }

  /** Stops the servers, the operator and the informers; the client stays open. */
  @Override
  public synchronized void close() {
    if (processEvents != null) {
      ProcessEventSinks.uninstall(processEvents);
      processEvents.close();
      processEvents = null;
    }
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
    alerts = null;
    providers = null;
    receivers = null;
  }

  /**
   * Configuration of a {@link NotificationController}; the shared settings from {@link
   * ControllerBuilder}.
   */
  public static final class Builder extends ControllerBuilder<Builder> {
    private NotificationControllerOptions options = NotificationControllerOptions.builder().build();
    private NotificationSender.RetryPolicy retryPolicy = NotificationSender.RetryPolicy.DEFAULT;
    private int receiverRatePerSecond = 50;
    private String instance = NAME;

    private Builder() {
      super(NotificationControllerOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The controller's flags ({@code --events-addr}, {@code --receiverAddr}, {@code
     * --no-cross-namespace-refs}, {@code --rate-limit-interval}, whether the events of this JVM's
     * reconcilers are taken over loopback, and {@code --concurrent} and the watched namespaces,
     * which later {@link #concurrency}/{@link #watchNamespaces} calls override). Default: Flux's
     * defaults.
     */
    public Builder options(NotificationControllerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return concurrency(options.concurrent()).watchNamespaces(options.watchNamespaces());
    }

    /** Retries of outbound notifications (default: 5 attempts, 1s..30s). */
    public Builder retryPolicy(NotificationSender.RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Webhook calls served per path per second, more get 429 (default 50; 0: no limit). */
    public Builder receiverRatePerSecond(int rate) {
      this.receiverRatePerSecond = rate;
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
