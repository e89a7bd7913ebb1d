package io.capstan.testing.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.core.throttle.rate.ByteRateThrottler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on a free 127.0.0.1 port placed in front of any endpoint a controller talks to (API
 * server, Git server, artifact server, registry, bucket, webhook). Point the client at {@link
 * #port()} instead of the real port and inject faults at any time, in any combination:
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: every chunk of data, in both directions, waits this long;
 *   <li>{@link #bandwidth(long)}: bytes per second, per direction and connection;
 *   <li>{@link #resetFraction(double)}: that fraction of new connections is closed right after it
 *       is accepted, before any byte reaches the server (the client sees a reset or an EOF);
 *   <li>{@link #dropConnections()}: closes every open connection once;
 *   <li>{@link #freeze()}: no byte moves and no connection is accepted until {@link #unfreeze()};
 *   <li>{@link #down()}: the port refuses connections (as a stopped server) until {@link #up()};
 *   <li>{@link #heal()}: removes every fault.
 * </ul>
 *
 * <p>Built on <a href="https://github.com/NetCrusherOrg/netcrusher-java">NetCrusher</a>. TLS passes
 * through untouched (the proxy works on bytes), so certificates need {@code 127.0.0.1} only.
 */
public final class FaultProxy implements AutoCloseable {

  private final NioReactor reactor;
  private final TcpCrusher crusher;
  private final InetSocketAddress target;
  private final int port;
  private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.NONE);
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger reset = new AtomicInteger();
  private final Random random;

  /** Per client address: is this connection to be reset? Decided once, when it is created. */
  private final java.util.Map<InetSocketAddress, Boolean> resetDecisions =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.ExecutorService resetter =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "fault-proxy-resetter");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean down;

  /** The faults in force; immutable, swapped as a whole. */
  private record Settings(long latencyNanos, long bytesPerSecond, double resetFraction) {
    static final Settings NONE = new Settings(0, 0, 0);
  }

  private FaultProxy(InetSocketAddress target, long seed) {
    this.target = target;
    this.random = new Random(seed);
    try {
      this.reactor = new NioReactor(5);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the proxy's I/O reactor", e);
    }
    this.port = freeLoopbackPort();
    this.crusher =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", port)
            .withConnectAddress(target)
            .withIncomingThrottlerFactory(this::throttlerFor)
            .withOutgoingThrottlerFactory(this::throttlerFor)
            .withCreationListener(address -> accepted.incrementAndGet())
            .withDeletionListener((address, meters) -> resetDecisions.remove(address))
            .withDeferredListeners(true)
            .buildAndOpen();
  }

  /** Starts a proxy to {@code host:port}; faults are off until set. */
  public static FaultProxy to(String host, int port) {
    return new FaultProxy(new InetSocketAddress(host, port), System.nanoTime());
  }

  /** Starts a proxy to the host and port of {@code uri} (the scheme's default port if none). */
  public static FaultProxy to(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equals(uri.getScheme()) ? 443 : 80;
    }
    return to(uri.getHost(), port);
  }

  /** Same as {@link #to(String, int)} with a fixed seed for {@link #resetFraction} decisions. */
  public static FaultProxy to(String host, int port, long seed) {
    return new FaultProxy(new InetSocketAddress(host, port), seed);
  }

  /** The proxy's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The proxied endpoint. */
  public InetSocketAddress target() {
    return target;
  }

  /** {@code uri} with its host and port replaced by this proxy's. */
  public URI rewrite(URI uri) {
    try {
      return new URI(
          uri.getScheme(),
          uri.getUserInfo(),
          "127.0.0.1",
          port,
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Adds {@code delay} to every chunk of data in both directions; zero removes it. */
  public FaultProxy latency(Duration delay) {
    settings.updateAndGet(
        s -> new Settings(delay.toNanos(), s.bytesPerSecond(), s.resetFraction()));
    return this;
  }

  /** Limits each direction of each connection to {@code bytesPerSecond}; zero removes the limit. */
  public FaultProxy bandwidth(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidth must be >= 0");
    }
    settings.updateAndGet(s -> new Settings(s.latencyNanos(), bytesPerSecond, s.resetFraction()));
    return this;
  }

  /**
   * Closes {@code fraction} (0..1) of the connections accepted from now on right after accepting
   * them; 0.5 makes a flapping endpoint, 1 an endpoint that accepts and hangs up.
   */
  public FaultProxy resetFraction(double fraction) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be within 0..1");
    }
    settings.updateAndGet(s -> new Settings(s.latencyNanos(), s.bytesPerSecond(), fraction));
    return this;
  }

  /** Closes every open connection now; new connections are accepted as before. */
  public FaultProxy dropConnections() {
    crusher.closeAllPairs();
    return this;
  }

  /** Stops moving bytes and accepting connections; open connections stay open but silent. */
  public FaultProxy freeze() {
    crusher.freeze();
    return this;
  }

  /** Resumes after {@link #freeze()}; data held meanwhile is delivered. */
  public FaultProxy unfreeze() {
    if (crusher.isFrozen()) {
      crusher.unfreeze();
    }
    return this;
  }

  /** Closes the listening port and every connection: clients get "connection refused". */
  public synchronized FaultProxy down() {
    if (!down) {
      crusher.close();
      down = true;
    }
    return this;
  }

  /** Listens again on the same port after {@link #down()}. */
  public synchronized FaultProxy up() {
    if (down) {
      crusher.open();
      down = false;
    }
    return this;
  }

  /** True between {@link #down()} and {@link #up()}. */
  public boolean isDown() {
    return down;
  }

  /** Removes every fault: up, unfrozen, no latency, no bandwidth limit, no resets. */
  public FaultProxy heal() {
    up();
    unfreeze();
    settings.set(Settings.NONE);
    return this;
  }

  /** Connections accepted so far, including the ones reset. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Connections closed by {@link #resetFraction(double)} so far. */
  public int resetConnections() {
    return reset.get();
  }

  /** Connections open right now. */
  public int openConnections() {
    return crusher.isOpen() ? crusher.getClientAddresses().size() : 0;
  }

  @Override
  public void close() {
    resetter.shutdownNow();
    if (crusher.isOpen()) {
      crusher.close();
    }
    reactor.close();
  }

  @Override
  public String toString() {
    return "FaultProxy[127.0.0.1:" + port + " -> " + target + ", " + settings.get() + "]";
  }

  /**
   * Called by NetCrusher when a connection's pair is created, before any byte moves. A connection
   * chosen for reset gets a throttler that holds every byte, and is closed right away, so not a
   * single byte reaches either side (a close from the creation listener alone would race with the
   * first request).
   */
  private Throttler throttlerFor(InetSocketAddress client) {
    boolean doomed =
        resetDecisions.computeIfAbsent(
            client,
            address -> {
              double fraction = settings.get().resetFraction();
              boolean hit;
              synchronized (random) {
                hit = fraction > 0 && random.nextDouble() < fraction;
              }
              if (hit) {
                reset.incrementAndGet();
                resetter.execute(() -> closeSoon(address));
              }
              return hit;
            });
    return doomed ? buffer -> TimeUnit.HOURS.toNanos(1) : new SettingsThrottler();
  }

  /** Closes a connection chosen for reset, once NetCrusher has registered it. */
  private void closeSoon(InetSocketAddress client) {
    for (int attempt = 0; attempt < 200; attempt++) {
      if (crusher.closeClient(client)) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  /** Reads the current settings for every chunk, so faults change on open connections too. */
  private final class SettingsThrottler implements Throttler {
    private long rate;
    private Throttler rateThrottler = Throttler.NOOP;

    @Override
    public long calculateDelayNs(ByteBuffer buffer) {
      Settings now = settings.get();
      if (now.bytesPerSecond() != rate) {
        rate = now.bytesPerSecond();
        rateThrottler =
            rate == 0 ? Throttler.NOOP : new ByteRateThrottler(rate, 1, TimeUnit.SECONDS);
      }
      long delay = Math.max(now.latencyNanos(), rateThrottler.calculateDelayNs(buffer));
      return delay == 0 ? Throttler.NO_DELAY_NS : delay;
    }
  }
}
