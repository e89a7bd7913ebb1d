package io.capstan.runtime.process;

import io.capstan.runtime.events.NotificationForwarder;
import io.capstan.runtime.events.ProcessEventSinks;
import io.capstan.runtime.kube.ClientCertificateLogin;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * What every controller's {@code main} does after parsing flags: configure Flux-style logging,
 * connect to the API server (kubeconfig or in-cluster, Flux kinds read tolerantly), serve probes
 * and Prometheus metrics, elect a leader when asked, run the controller while leading and stop
 * gracefully on SIGTERM. Each controller only says how to start its work.
 */
public final class ControllerMain {

  /**
   * What a controller gets to start its work with.
   *
   * @param client the process's API client (closed by {@link ControllerMain})
   * @param registry where reconcile metrics go (served at {@code /metrics})
   * @param watchNamespaces namespaces to watch, empty for all
   */
  public record Setup(
      KubernetesClient client, MeterRegistry registry, Set<String> watchNamespaces) {}

  /** Builds the controller's work from the process setup. */
  @FunctionalInterface
  public interface WorkFactory {
    /** The work to run while leading (not started yet). */
    ControllerProcess.Work work(Setup setup);
  }

  private ControllerMain() {}

  /**
   * Runs {@code controllerName} until it must end and returns the exit code: 0 after a graceful
   * shutdown, 1 when the Lease was lost or the controller failed to start.
   *
   * @throws IllegalArgumentException for inconsistent flags (before anything starts)
   */
  public static int run(String controllerName, ControllerFlags flags, WorkFactory factory)
      throws Exception {
    String level = flags.logLevel();
    LogEncoding encoding = flags.logEncoding();
    String runtimeNamespace = RuntimeNamespace.current();
    Set<String> watchNamespaces = flags.watchNamespaces(runtimeNamespace);
    LeaderElectionSettings election = flags.leaderElection(controllerName, runtimeNamespace);
    ProcessLogging.configure(level, encoding);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NotificationForwarder forwarder = eventForwarder(flags.eventsAddress());
    try (KubernetesClient client =
        ClientCertificateLogin.builder(Config.autoConfigure(null))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build()) {
      ControllerProcess process =
          ControllerProcess.builder()
              .name(controllerName)
              .client(client)
              .leaderElection(election)
              .healthAddress(flags.healthAddress())
              .metrics(flags.metricsAddress(), registry, registry::scrape)
              .work(factory.work(new Setup(client, registry, watchNamespaces)))
              .build();
      return ProcessSignals.run(process);
    } finally {
      if (forwarder != null) {
        ProcessEventSinks.uninstall(forwarder);
        forwarder.close();
      }
    }
  }

  /**
   * Installs a {@link NotificationForwarder} for every reconciler of this process when {@code
   * address} is an http(s) URL ({@code --events-addr}); other values (empty, or a listen address
   * such as notification-controller's own {@code :9090}) forward nothing.
   */
  static NotificationForwarder eventForwarder(String address) {
    if (!address.startsWith("http://") && !address.startsWith("https://")) {
      return null;
    }
    String host = System.getenv("HOSTNAME");
    NotificationForwarder forwarder =
        NotificationForwarder.builder(address).instance(host == null ? "" : host).build();
    ProcessEventSinks.install(forwarder);
    return forwarder;
  }
}
