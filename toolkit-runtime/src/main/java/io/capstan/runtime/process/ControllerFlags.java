package io.capstan.runtime.process;

import io.capstan.runtime.kube.ApiRateLimiter;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The flags every Flux controller shares (fluxcd/pkg/runtime's logger and leaderelection options,
 * controller-runtime's manager flags), as a picocli mixin: add it to a controller's command with
 * {@code @Mixin ControllerFlags flags;}. Names and defaults are Flux's; {@code --concurrent} has no
 * common default, so each controller passes its own to {@link #concurrent(int)}.
 */
public final class ControllerFlags {

  /** The levels Flux's {@code --log-level} accepts (warn is Capstan's addition). */
  public static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  @Option(
      names = "--metrics-addr",
      defaultValue = ":8080",
      description =
          "The address the Prometheus /metrics endpoint binds to (default ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Option(
      names = "--health-addr",
      defaultValue = ":9440",
      description = "The address /healthz and /readyz bind to (default ${DEFAULT-VALUE}).")
  String healthAddress;

  @Option(
      names = "--enable-leader-election",
      defaultValue = "false",
      arity = "0..1",
      fallbackValue = "true",
      description = "Hold a Lease before reconciling, so only one replica works at a time.")
  boolean leaderElection;

  @Option(
      names = "--leader-election-release-on-cancel",
      defaultValue = "true",
      arity = "0..1",
      fallbackValue = "true",
      description = "Give up the Lease on shutdown so another replica takes over at once.")
  boolean releaseOnCancel;

  @Option(
      names = "--leader-election-lease-duration",
      defaultValue = "35s",
      converter = GoDurationConverter.class,
      description = "How long non-leaders wait before taking over an unrenewed Lease.")
  Duration leaseDuration;

  @Option(
      names = "--leader-election-renew-deadline",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "How long the leader retries renewing before it gives up (and exits).")
  Duration renewDeadline;

  @Option(
      names = "--leader-election-retry-period",
      defaultValue = "5s",
      converter = GoDurationConverter.class,
      description = "How often candidates try to acquire or renew the Lease.")
  Duration retryPeriod;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      description = "Log verbosity: trace, debug, info or error (default ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--log-encoding",
      defaultValue = "json",
      description = "Log encoding: json or console (default ${DEFAULT-VALUE}).")
  String logEncoding;

  @Option(
      names = "--watch-all-namespaces",
      defaultValue = "true",
      arity = "0..1",
      fallbackValue = "true",
      description = "Watch all namespaces; false watches $RUNTIME_NAMESPACE only.")
  boolean watchAllNamespaces;

  @Option(
      names = "--events-addr",
      defaultValue = "",
      description =
          "The notification-controller address events are also sent to (e.g."
              + " http://notification-controller.flux-system.svc.cluster.local./); empty: none."
              + " notification-controller itself binds its event intake to it (default :9090).")
  String eventsAddress;

  @Option(
      names = "--kube-api-qps",
      defaultValue = "50",
      description =
          "The maximum queries-per-second of requests sent to the Kubernetes API (client-side,"
              + " only when the API server does not run Priority and Fairness, as Flux).")
  float kubeApiQps;

  @Option(
      names = "--kube-api-burst",
      defaultValue = "300",
      description = "The maximum burst queries-per-second of requests sent to the Kubernetes API.")
  int kubeApiBurst;

  @Option(
      names = "--concurrent",
      description = "The number of concurrent reconciles (default: the controller's, as Flux).")
  Integer concurrent;

  /** {@code --metrics-addr}. */
  public String metricsAddress() {
    return metricsAddress;
  }

  /** {@code --health-addr}. */
  public String healthAddress() {
    return healthAddress;
  }

  /** {@code --events-addr} as given (empty when not set). */
  public String eventsAddress() {
    return eventsAddress == null ? "" : eventsAddress.trim();
  }

  /**
   * The client-side limiter for {@code --kube-api-qps} and {@code --kube-api-burst}.
   *
   * @throws IllegalArgumentException unless the QPS is positive and the burst at least 1
   */
  public ApiRateLimiter apiRateLimiter() {
    return new ApiRateLimiter(kubeApiQps, kubeApiBurst);
  }

  /** {@code --concurrent}, or {@code controllerDefault} when not given; always at least 1. */
  public int concurrent(int controllerDefault) {
    int n = concurrent == null ? controllerDefault : concurrent;
    if (n < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    return n;
  }

  /** {@code --log-level}, lower case, validated. */
  public String logLevel() {
    String level = logLevel.toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new IllegalArgumentException("--log-level must be trace, debug, info or error");
    }
    return level;
  }

  /** {@code --log-encoding}, validated. */
  public LogEncoding logEncoding() {
    return LogEncoding.parse(logEncoding);
  }

  /**
   * The namespaces to watch: empty for all, else {@code runtimeNamespace} ({@code
   * $RUNTIME_NAMESPACE}), which must then be set.
   */
  public Set<String> watchNamespaces(String runtimeNamespace) {
    if (watchAllNamespaces) {
      return Set.of();
    }
    if (runtimeNamespace == null || runtimeNamespace.isBlank()) {
      throw new IllegalArgumentException(
          "--watch-all-namespaces=false needs the RUNTIME_NAMESPACE environment variable");
    }
    return Set.of(runtimeNamespace);
  }

  /**
   * The process settings these flags describe, for the process {@code processName} (its Lease is
   * {@code <processName>-leader-election} in {@code runtimeNamespace}).
   *
   * @throws IllegalArgumentException for an unknown log level or encoding or an inconsistent
   *     election
   */
  public ProcessSettings processSettings(String processName, String runtimeNamespace) {
    return new ProcessSettings(
        metricsAddress,
        healthAddress,
        logLevel(),
        logEncoding(),
        leaderElection(processName, runtimeNamespace));
  }

  /**
   * The leader election these flags ask for, on the Lease {@code <controllerName>-leader-election}
   * in {@code leaseNamespace}; {@link LeaderElectionSettings#disabled()} without {@code
   * --enable-leader-election}.
   *
   * @throws IllegalArgumentException when election is enabled but there is no namespace, or the
   *     timings are inconsistent (renew deadline must be shorter than the lease duration)
   */
  public LeaderElectionSettings leaderElection(String controllerName, String leaseNamespace) {
    if (!leaderElection) {
      return LeaderElectionSettings.disabled();
    }
    return new LeaderElectionSettings(
        true,
        controllerName + "-leader-election",
        leaseNamespace,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        releaseOnCancel);
  }
}
