package io.capstan.local.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A real Kubernetes control plane on loopback: etcd and kube-apiserver, and in cluster mode also
 * kube-controller-manager, kube-scheduler and kwok with fake nodes. Every process listens on
 * 127.0.0.1 on free ports; a port that turns out to be taken is replaced and the process restarted.
 *
 * <p>{@link #close()} stops every process and deletes the temporary directory; processes also die
 * with the JVM (see {@link ManagedProcess}) and leftover directories are removed by the next start.
 */
public final class KubeControlPlane implements AutoCloseable {

  /** Cluster identity given to the admin user; bypasses RBAC. */
  static final String MASTERS = "system:masters";

  private static final int PORT_ATTEMPTS = 5;

  private static final String ETCD = "etcd";
  private static final String KUBE_APISERVER = "kube-apiserver";

  /**
   * How to start a control plane.
   *
   * @param cluster also run controller-manager, scheduler and kwok
   * @param nodes number of fake (kwok) nodes in cluster mode
   * @param ports where listening ports come from
   * @param startupTimeout bound on each component's startup
   * @param tmp parent of the run directory
   */
  public record Options(
      boolean cluster, int nodes, LoopbackPorts ports, Duration startupTimeout, Path tmp) {

    /** API server and etcd only. */
    public static Options apiServer() {
      return new Options(
          false,
          0,
          LoopbackPorts.ephemeral(),
          Duration.ofSeconds(60),
          Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Cluster mode with {@code nodes} fake nodes. */
    public static Options cluster(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("cluster mode needs at least one node");
      }
      Options base = apiServer();
      return new Options(true, nodes, base.ports(), Duration.ofSeconds(90), base.tmp());
    }

    /** The same options with another port source. */
    public Options withPorts(LoopbackPorts ports) {
      return new Options(cluster, nodes, ports, startupTimeout, tmp);
    }

    /** The binaries these options need. */
    public Set<KubeBinary> requiredBinaries() {
      return cluster
          ? EnumSet.allOf(KubeBinary.class)
          : EnumSet.of(KubeBinary.ETCD, KubeBinary.KUBE_APISERVER);
    }
  }

  private final Options options;
  private final RunDirectory run;
  private final List<ManagedProcess> processes = new ArrayList<>();
  private final ControlPlaneFiles files;
  private final java.util.Map<String, List<String>> commands = new java.util.HashMap<>();
  private final Set<String> stoppedOnPurpose = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private URI apiServerUrl;
  private String etcdHealthUrl;
  private KubernetesClient client;
  private Duration startupTime;

  private KubeControlPlane(Options options, RunDirectory run) {
    this.options = options;
    this.run = run;
    this.files = ControlPlaneFiles.write(run.path());
  }

  /** Provisions the binaries (see {@link KubeBinaryProvisioner}) and starts a control plane. */
  public static KubeControlPlane start(Options options) {
    return start(
        KubeBinaryProvisioner.fromEnvironment().provision(options.requiredBinaries()), options);
  }

  /**
   * Starts a control plane from the given binaries and waits until it serves requests (and in
   * cluster mode until every fake node is Ready).
   *
   * @throws ControlPlaneFailedException with the failing process's log tail
   */
  public static KubeControlPlane start(KubeBinaries binaries, Options options) {
    long begin = System.nanoTime();
    KubeControlPlane plane = new KubeControlPlane(options, RunDirectory.create(options.tmp()));
    try {
      plane.startEtcdAndApiServer(binaries);
      if (options.cluster()) {
        new ClusterComponents(plane, binaries).start();
      }
      plane.startupTime = Duration.ofNanos(System.nanoTime() - begin);
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  private void startEtcdAndApiServer(KubeBinaries binaries) {
    int[] etcdPorts = new int[2];
    ManagedProcess etcd =
        startOnFreePort(
            "etcd",
            attempt -> {
              etcdPorts[0] = options.ports().next();
              etcdPorts[1] = options.ports().next();
              List<String> command =
                  ControlPlaneFlags.etcd(
                      binaries.path(KubeBinary.ETCD),
                      run.path().resolve("etcd-" + attempt),
                      etcdPorts[0],
                      etcdPorts[1]);
              commands.put(ETCD, command);
              return ManagedProcess.start(ETCD, command, run.path().resolve("etcd.log"));
            },
            process ->
                files.probe().ok(URI.create("http://127.0.0.1:" + etcdPorts[0] + "/health")));
    track(etcd, binaries.path(KubeBinary.ETCD));
    etcdHealthUrl = "http://127.0.0.1:" + etcdPorts[0] + "/health";

    int[] apiPort = new int[1];
    ManagedProcess apiServer =
        startOnFreePort(
            "kube-apiserver",
            attempt -> {
              apiPort[0] = options.ports().next();
              List<String> command =
                  ControlPlaneFlags.apiServer(
                      binaries.path(KubeBinary.KUBE_APISERVER),
                      files,
                      "http://127.0.0.1:" + etcdPorts[0],
                      apiPort[0],
                      options.cluster());
              commands.put(KUBE_APISERVER, command);
              return ManagedProcess.start(
                  KUBE_APISERVER, command, run.path().resolve("kube-apiserver.log"));
            },
            process -> files.probe().ok(URI.create("https://127.0.0.1:" + apiPort[0] + "/readyz")));
    track(apiServer, binaries.path(KubeBinary.KUBE_APISERVER));
    apiServerUrl = URI.create("https://127.0.0.1:" + apiPort[0]);
    files.writeKubeconfigs(apiServerUrl);
    client = new KubernetesClientBuilder().withConfig(clientConfig("default")).build();
  }

  /** Readiness test of a just-started process. */
  @FunctionalInterface
  interface Readiness {
    boolean ready(ManagedProcess process);
  }

  /**
   * Starts a process, waits for readiness, and if it died because its port was taken, starts it
   * again on new ports.
   */
  ManagedProcess startOnFreePort(
      String what, IntFunction<ManagedProcess> starter, Readiness readiness) {
    ControlPlaneFailedException last = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      ManagedProcess process = starter.apply(attempt);
      try {
        HealthProbe.await(
            what + " to become ready",
            options.startupTimeout(),
            watchedWith(process),
            () -> readiness.ready(process));
        return process;
      } catch (ControlPlaneFailedException e) {
        process.stop(5);
        if (!process.logTail(60).contains("address already in use")) {
          throw e;
        }
        last = e;
        System.err.println(
            "[capstan-kube] " + what + ": port already in use, retrying on another port");
      }
    }
    throw last;
  }

  private List<ManagedProcess> watchedWith(ManagedProcess process) {
    List<ManagedProcess> watched = new ArrayList<>(processes);
    watched.add(process);
    return watched;
  }

  /** Registers a started process so it is watched, reported and stopped. */
  void track(ManagedProcess process, Path executable) {
    processes.add(process);
    process.executablePids().forEach(pid -> run.recordPid(pid, executable));
  }

  Options options() {
    return options;
  }

  ControlPlaneFiles files() {
    return files;
  }

  Path runDirectory() {
    return run.path();
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:40123}. */
  public URI apiServerUrl() {
    return apiServerUrl;
  }

  /** A kubeconfig file for the admin user: {@code kubectl --kubeconfig <this> get pods -A}. */
  public Path kubeconfig() {
    return files.adminKubeconfig();
  }

  /** True if this control plane runs the controllers, scheduler and kwok nodes. */
  public boolean isCluster() {
    return options.cluster();
  }

  /** Time from {@link #start} to ready. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The running processes, in start order. */
  public List<ManagedProcess> processes() {
    return List.copyOf(processes);
  }

  /** The admin client shared by all users of this control plane; do not close it. */
  public KubernetesClient client() {
    return client;
  }

  /** A fabric8 configuration for the admin user with {@code namespace} as default namespace. */
  public Config clientConfig(String namespace) {
    return files.adminKubeconfig(apiServerUrl).clientConfig(namespace);
  }

  /**
   * Describes the first process that is no longer running, with its log tail. A process stopped on
   * purpose ({@link #stopApiServer()}, {@link #stopEtcd()}) is not a failure until it is started
   * again.
   */
  public synchronized Optional<String> failure() {
    return processes.stream()
        .filter(p -> !stoppedOnPurpose.contains(p.name()))
        .filter(p -> !p.isAlive())
        .findFirst()
        .map(p -> p.describeDeath(40));
  }

  // ---- control-plane faults -------------------------------------------------------------------

  /**
   * Stops kube-apiserver (SIGTERM, then SIGKILL after 10 s). Clients see connection refused until
   * {@link #startApiServer()}; etcd keeps every object.
   */
  public void stopApiServer() {
    stop(KUBE_APISERVER, false);
  }

  /** Kills kube-apiserver with SIGKILL, as a crash or an OOM kill would. */
  public void killApiServer() {
    stop(KUBE_APISERVER, true);
  }

  /**
   * Starts kube-apiserver again with the same command line: same port, same certificates, same
   * etcd, so existing clients and kubeconfigs keep working. Returns once {@code /readyz} answers.
   */
  public void startApiServer() {
    restart(KUBE_APISERVER, () -> files.probe().ok(apiServerUrl.resolve("/readyz")));
  }

  /** Stops etcd (SIGTERM, then SIGKILL); kube-apiserver stays up and answers with errors. */
  public void stopEtcd() {
    stop(ETCD, false);
  }

  /** Kills etcd with SIGKILL. */
  public void killEtcd() {
    stop(ETCD, true);
  }

  /**
   * Starts etcd again on the same ports with the same data directory (every object is kept) and
   * waits until kube-apiserver is ready again.
   */
  public void startEtcd() {
    restart(ETCD, () -> files.probe().ok(URI.create(etcdHealthUrl)));
    // The API server's etcd client reconnects with a growing backoff: allow twice the startup time.
    HealthProbe.await(
        "kube-apiserver to reconnect to etcd",
        options.startupTimeout().multipliedBy(2),
        List.of(),
        () -> files.probe().ok(apiServerUrl.resolve("/readyz")));
  }

  private synchronized ManagedProcess process(String name) {
    return processes.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " is not part of this control plane"));
  }

  private void stop(String name, boolean kill) {
    ManagedProcess process = process(name);
    stoppedOnPurpose.add(name);
    if (kill) {
      process.kill();
      HealthProbe.await(
          name + " to die", Duration.ofSeconds(20), List.of(), () -> !process.isAlive());
    } else {
      process.stop(10);
    }
  }

  private void restart(String name, java.util.function.BooleanSupplier ready) {
    ManagedProcess old = process(name);
    if (old.isAlive()) {
      throw new IllegalStateException(name + " is still running; stop it first");
    }
    ManagedProcess fresh = ManagedProcess.start(name, commands.get(name), old.logFile());
    synchronized (this) {
      processes.set(processes.indexOf(old), fresh);
    }
    stoppedOnPurpose.remove(name);
    Path executable = Path.of(commands.get(name).get(0));
    fresh.executablePids().forEach(pid -> run.recordPid(pid, executable));
    HealthProbe.await(
        name + " to be ready again", options.startupTimeout(), List.of(fresh), ready::getAsBoolean);
  }

  /**
   * Checks that every process still runs.
   *
   * @throws ControlPlaneFailedException describing the first dead process with its log tail
   */
  public void ensureRunning() {
    failure()
        .ifPresent(
            description -> {
              throw new ControlPlaneFailedException(
                  "The test control plane crashed: " + description);
            });
  }

  /** Stops every process (newest first) and deletes the run directory. Idempotent. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop(10);
    }
    run.delete();
  }
}
