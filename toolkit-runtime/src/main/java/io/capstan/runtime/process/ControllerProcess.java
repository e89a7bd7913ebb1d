package io.capstan.runtime.process;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller process as controller-runtime's manager runs it: {@code /healthz} and {@code
 * /readyz} (always ok while serving, as Flux's ping checks), Prometheus {@code /metrics} with
 * {@code leader_election_master_status}, and the controller itself, started at once or only after
 * this process holds the Lease.
 *
 * <p>Guarantees: the controller runs only while this process leads (when election is enabled); a
 * lost Lease stops the controller and ends the process with exit code 1, as controller-runtime
 * does; {@link #shutdown()} stops the controller first (in-flight reconciles finish within its own
 * timeout), then releases the Lease (with {@code releaseOnCancel}), then closes the servers, and
 * the exit code is 0.
 *
 * <p>Leadership is bounded in time whatever the network does, as client-go's renew deadline: the
 * Lease is read and written through a dedicated client whose every request times out within the
 * renew deadline (no retries), and a watchdog stops leading (log {@code leader election lost}, exit
 * code 1) as soon as the last successful renewal is older than the renew deadline — measured from
 * the start of the renewal's read, right after fabric8 takes the {@code renewTime} the other
 * candidates count the lease duration from. A leader cut off from the API server therefore stops at
 * most the renew deadline (+ the watchdog's 100 ms tick) after its last renewal, before any other
 * candidate can take the Lease (lease duration &gt; renew deadline).
 */
public final class ControllerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerProcess.class);

  /** Starts the controller's work; the returned handle stops it. */
  @FunctionalInterface
  public interface Work {
    /** Starts reconciling; returns what stops it again (waiting for in-flight reconciles). */
    AutoCloseable start() throws Exception;
  }

  private final String name;
  private final KubernetesClient client;
  private final LeaderElectionSettings election;
  private final String identity;
  private final Work work;
  private final String healthAddress;
  private final String metricsAddress;
  private final Supplier<String> scrape;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private ProbeServer health;
  private ProbeServer metrics;
  private final AtomicBoolean lost = new AtomicBoolean();
  private Future<?> elector;
  private KubernetesClient electionClient;
  private ScheduledExecutorService watchdog;
  private AutoCloseable running;

  /** {@link System#nanoTime()} before the read of the last successful renewal (or acquisition). */
  private volatile long lastRenewal;

  private ControllerProcess(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.client = Objects.requireNonNull(b.client, "client");
    this.election = Objects.requireNonNull(b.election, "election");
    this.identity = b.identity == null ? defaultIdentity() : b.identity;
    this.work = Objects.requireNonNull(b.work, "work");
    this.healthAddress = b.healthAddress;
    this.metricsAddress = b.metricsAddress;
    this.scrape = b.scrape;
    if (b.registry != null) {
      Gauge.builder("leader_election_master_status", leading, l -> l.get() ? 1 : 0)
          .description("Whether this process holds the leader election Lease (1) or not (0).")
          .tag("name", election.enabled() ? election.leaseName() : name)
          .register(b.registry);
    }
  }

  /** A builder; {@code name}, {@code client}, {@code work} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** controller-runtime's identity: the host name, an underscore and a random UUID. */
  static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    return host + "_" + UUID.randomUUID();
  }

  /**
   * Starts the probe and metrics servers, then either the controller (no election) or the candidate
   * loop for the Lease. Returns without waiting for leadership.
   */
  public synchronized ControllerProcess start() throws IOException {
    if (healthAddress != null) {
      health = ProbeServer.health(healthAddress, () -> !exit.isDone());
    }
    if (metricsAddress != null && scrape != null) {
      metrics = ProbeServer.metrics(metricsAddress, scrape);
    }
    if (!election.enabled()) {
      leading.set(true);
      startWork();
      return this;
    }
    LOG.info(
        "attempting to acquire leader lease {}/{} as {}",
        election.namespace(),
        election.leaseName(),
        identity);
    electionClient = electionClient(client, election);
    LeaderElector leaderElector =
        electionClient
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(election.leaseName())
                    .withLock(
                        new RenewalTrackingLock(
                            new LeaseLock(election.namespace(), election.leaseName(), identity)))
                    .withLeaseDuration(election.leaseDuration())
                    .withRenewDeadline(election.renewDeadline())
                    .withRetryPeriod(election.retryPeriod())
                    // fabric8's release only shortens the lease; release() below clears the holder
                    .withReleaseOnCancel(false)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(this::startedLeading, this::stoppedLeading, l -> {}))
                    .build())
            .build();
    elector = leaderElector.start();
    watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-lease-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.scheduleWithFixedDelay(this::checkRenewal, 100, 100, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The client the Lease is read and written with: {@code client}'s configuration with every
   * request bounded by half the renew deadline (at least 1 s) and no retries, so that one renewal
   * attempt (a read and a write) fails within the renew deadline on a dead connection instead of
   * blocking on it; closed on shutdown, which also aborts a request still hanging.
   */
  static KubernetesClient electionClient(KubernetesClient client, LeaderElectionSettings settings) {
    int timeout = (int) Math.max(1000, settings.renewDeadline().toMillis() / 2);
    Config config =
        new ConfigBuilder(client.getConfiguration())
            .withRequestTimeout(timeout)
            .withConnectionTimeout(timeout)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The watchdog's tick: stops leading once the last renewal is older than the renew deadline. */
  private void checkRenewal() {
    if (!leading.get() || shuttingDown.get()) {
      return;
    }
    long age = System.nanoTime() - lastRenewal;
    if (age > election.renewDeadline().toNanos()) {
      LOG.error(
          "failed to renew lease {}/{} within the renew deadline {} ms (last renewal {} ms ago)",
          election.namespace(),
          election.leaseName(),
          election.renewDeadline().toMillis(),
          TimeUnit.NANOSECONDS.toMillis(age));
      stoppedLeading();
    }
  }

  /**
   * The Lease lock, noting when a write that makes or keeps this process the holder succeeded: the
   * time is taken at the read that starts each attempt (fabric8 takes the {@code renewTime} it
   * writes just before that read), not when the write returns.
   */
  private final class RenewalTrackingLock implements Lock {
    private final Lock delegate;
    private volatile long attemptStart;

    RenewalTrackingLock(Lock delegate) {
      this.delegate = delegate;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient kubernetesClient) {
      attemptStart = System.nanoTime();
      return delegate.get(kubernetesClient);
    }

    @Override
    public void create(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
      long started = attemptStart;
      delegate.create(kubernetesClient, record);
      noteRenewal(record, started);
    }

    @Override
    public void update(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
      long started = attemptStart;
      delegate.update(kubernetesClient, record);
      noteRenewal(record, started);
    }

    private void noteRenewal(LeaderElectionRecord record, long started) {
      if (identity.equals(record.getHolderIdentity())) {
        lastRenewal = started;
      }
    }

    @Override
    public String identity() {
      return delegate.identity();
    }

    @Override
    public String describe() {
      return delegate.describe();
    }
  }

  private void startedLeading() {
    if (shuttingDown.get() || lost.get()) { // once lost, the process is ending: never lead again
      return;
    }
    LOG.info("successfully acquired lease {}/{}", election.namespace(), election.leaseName());
    leading.set(true);
    startWork();
  }

  private void stoppedLeading() {
    boolean wasLeading = leading.getAndSet(false);
    if (!wasLeading || shuttingDown.get()) {
      return;
    }
    lost.set(true);
    LOG.error("leader election lost: lease {}/{}", election.namespace(), election.leaseName());
    exit.complete(1);
  }

  private synchronized void startWork() {
    if (running != null || shuttingDown.get()) {
      return;
    }
    try {
      running = work.start();
      LOG.info("{} started", name);
    } catch (Exception e) {
      LOG.error("{} failed to start: {}", name, e.toString(), e);
      exit.complete(1);
    }
  }

  /**
   * Releases the Lease as client-go does: if this process still holds it, the holder is cleared and
   * the duration set to 1s, in one resourceVersion-locked update, so another candidate takes it at
   * its next retry.
   */
  private void release() {
    try {
      Lease lease =
          client
              .resources(Lease.class)
              .inNamespace(election.namespace())
              .withName(election.leaseName())
              .get();
      if (lease == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      client.resource(lease).update();
      LOG.info("released lease {}/{}", election.namespace(), election.leaseName());
    } catch (RuntimeException e) {
      LOG.warn(
          "could not release lease {}/{}: {}",
          election.namespace(),
          election.leaseName(),
          e.toString());
    }
  }

  /** Whether the controller is reconciling in this process (it holds the Lease, if elected). */
  public boolean isLeader() {
    return leading.get();
  }

  /** The identity written into the Lease's {@code holderIdentity}. */
  public String identity() {
    return identity;
  }

  /** Where {@code /healthz} and {@code /readyz} are served, or null. */
  public InetSocketAddress healthAddress() {
    return health == null ? null : health.address();
  }

  /** Where {@code /metrics} is served, or null. */
  public InetSocketAddress metricsAddress() {
    return metrics == null ? null : metrics.address();
  }

  /** Completes with the exit code once the process must end: 1 on a lost Lease or start failure. */
  public CompletableFuture<Integer> exitCode() {
    return exit;
  }

  /**
   * Stops gracefully (idempotent): the controller first (in-flight reconciles finish within its own
   * termination timeout), then the Lease is released (with {@code releaseOnCancel}), then the
   * servers close. The exit code becomes 0 unless it was already decided.
   */
  public void shutdown() {
    if (!shuttingDown.compareAndSet(false, true)) {
      exit.join();
      return;
    }
    LOG.info("stopping {}", name);
    AutoCloseable toStop;
    synchronized (this) {
      toStop = running;
      running = null;
    }
    if (toStop != null) {
      try {
        toStop.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", name, e.toString());
      }
    }
    if (watchdog != null) {
      watchdog.shutdownNow();
      watchdog = null;
    }
    if (elector != null) {
      if (lost.get()) {
        // the Lease is not ours any more (or the API server is out of reach): abort any request
        // still hanging, and release nothing
        electionClient.close();
      }
      Future<?> toCancel = elector;
      // fabric8 reads the Lease again while it cancels: never wait on it longer than a renewal
      Thread canceller = new Thread(() -> toCancel.cancel(true), name + "-elector-cancel");
      canceller.setDaemon(true);
      canceller.start();
      try {
        canceller.join(election.renewDeadline().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      elector = null;
      if (election.releaseOnCancel() && !lost.get()) {
        release();
      }
      electionClient.close();
    }
    leading.set(false);
    exit.complete(0);
    if (health != null) {
      health.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    LOG.info("{} stopped", name);
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  /** Configures a {@link ControllerProcess}. */
  public static final class Builder {
    private String name;
    private KubernetesClient client;
    private LeaderElectionSettings election = LeaderElectionSettings.disabled();
    private String identity;
    private Work work;
    private String healthAddress;
    private String metricsAddress;
    private Supplier<String> scrape;
    private MeterRegistry registry;

    private Builder() {}

    /** The controller's name ({@code kustomize-controller}), for logs and the metric. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The client the Lease is read and written with. */
    public Builder client(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** Leader election (default: disabled). */
    public Builder leaderElection(LeaderElectionSettings settings) {
      this.election = settings;
      return this;
    }

    /** The Lease holder identity (default: host name + "_" + UUID, as controller-runtime). */
    public Builder identity(String identity) {
      this.identity = identity;
      return this;
    }

    /** What runs while this process leads. */
    public Builder work(Work work) {
      this.work = work;
      return this;
    }

    /** {@code --health-addr} (null: no probe server). */
    public Builder healthAddress(String address) {
      this.healthAddress = address;
      return this;
    }

    /**
     * {@code --metrics-addr}, the registry {@code leader_election_master_status} is added to and
     * the text served at {@code /metrics} (null address: no metrics server).
     */
    public Builder metrics(String address, MeterRegistry registry, Supplier<String> scrape) {
      this.metricsAddress = address;
      this.registry = registry;
      this.scrape = scrape;
      return this;
    }

    /** The process (nothing started yet). */
    public ControllerProcess build() {
      return new ControllerProcess(this);
    }
  }
}
