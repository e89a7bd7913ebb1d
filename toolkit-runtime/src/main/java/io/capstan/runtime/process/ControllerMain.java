package io.capstan.runtime.process;

import io.capstan.runtime.events.NotificationForwarder;
import io.capstan.runtime.events.ProcessEventSinks;
import io.capstan.runtime.kube.ApiRateLimiter;
import io.capstan.runtime.kube.ClientCertificateLogin;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every controller process does after parsing flags (a controller's {@code Main} through
 * {@link ControllerCommand}, and {@code capstan run}): configure Flux-style logging, connect to the
 * API server (kubeconfig or in-cluster, Flux kinds read tolerantly), serve probes and Prometheus
 * metrics, elect a leader when asked, run the controllers while leading as one {@link
 * ControllerGroup} and stop gracefully on SIGTERM.
 */
public final class ControllerMain {

  private ControllerMain() {}

  /**
   * Runs the controllers until the process must end and returns the exit code: 0 after a graceful
   * shutdown, 1 when the Lease was lost or a controller failed to start.
   *
   * @param processName the process ({@code source-controller}): logs, Lease {@code
   *     <processName>-leader-election}
   * @throws IllegalArgumentException for inconsistent flags (before anything starts)
   */
  public static int run(
      String processName, ControllerFlags flags, List<ControllerModule.Prepared> controllers)
      throws Exception {
    ProcessSettings settings = flags.processSettings(processName, RuntimeNamespace.current());
    ProcessLogging.configure(settings.logLevel(), settings.logEncoding());
    NotificationForwarder forwarder = eventForwarder(flags.eventsAddress());
    ApiRateLimiter limiter = flags.apiRateLimiter();
    try (KubernetesClient client =
        ClientCertificateLogin.builder(Config.autoConfigure(null), limiter)
            .withKubernetesSerialization(TolerantSerialization.create())
            .build()) {
      limiter.disableIfServerFlowControl(client);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      return ProcessSignals.run(
          process(processName, settings, client, registry, controllers, g -> {}));
    } finally {
      if (forwarder != null) {
        ProcessEventSinks.uninstall(forwarder);
        forwarder.close();
      }
    }
  }

  /**
   * A client for {@code config} as controllers use it: Flux kinds read tolerantly, certificate
   * logins without re-reading the kubeconfig before every request.
   */
  public static KubernetesClient connect(Config config) {
    return ClientCertificateLogin.builder(config)
        .withKubernetesSerialization(TolerantSerialization.create())
        .build();
  }

  /**
   * The process (not started): probes and metrics on the settings' addresses, leader election, and
   * as its work the controllers created on {@code client} and {@code registry} and started as one
   * {@link ControllerGroup}, which {@code started} receives.
   */
  public static ControllerProcess process(
      String processName,
      ProcessSettings settings,
      KubernetesClient client,
      PrometheusMeterRegistry registry,
      List<ControllerModule.Prepared> controllers,
      Consumer<ControllerGroup> started) {
    ControllerContext context = new ControllerContext(client, registry);
    List<ControllerModule.Prepared> prepared = List.copyOf(controllers);
    return ControllerProcess.builder()
        .name(processName)
        .client(client)
        .leaderElection(settings.election())
        .healthAddress(settings.healthAddress())
        .metrics(settings.metricsAddress(), registry, registry::scrape)
        .work(
            () -> {
              ControllerGroup group =
                  ControllerGroup.start(
                      client, prepared.stream().map(p -> p.create(context)).toList(), registry);
              started.accept(group);
              return group;
            })
        .build();
  }

  /**
   * Installs a {@link NotificationForwarder} for every reconciler of this process when {@code
   * address} is an http(s) URL ({@code --events-addr}); other values (empty, or a listen address
   * such as notification-controller's own {@code :9090}) forward nothing.
   */
  public static NotificationForwarder eventForwarder(String address) {
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
