package io.capstan.e2e.demo;

import static org.awaitility.Awaitility.await;

import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * kustomize-controller's leader-election Lease ({@code kustomize-controller-leader-election}, the
 * name Flux uses) and the evidence of which process reconciles.
 */
final class LeaderLease {

  /** Flux's leader-election ID of kustomize-controller. */
  static final String NAME = "kustomize-controller-leader-election";

  /**
   * Flags of a replica: election on, with a short Lease (Flux's defaults are 35s/30s/5s) so a
   * killed leader is replaced within seconds.
   */
  static final String[] FLAGS = {
    "--enable-leader-election",
    "--leader-election-lease-duration=6s",
    "--leader-election-renew-deadline=4s",
    "--leader-election-retry-period=1s"
  };

  /** The gauge a process sets to 1 while it holds the Lease (controller-runtime's name). */
  static final String LEADER_GAUGE = "leader_election_master_status";

  private LeaderLease() {}

  /**
   * Waits until exactly one of the two processes reports itself leader on {@code /metrics}, and
   * returns it.
   */
  static JarProcess awaitSingleLeader(JarProcess a, JarProcess b) {
    JarProcess[] leader = new JarProcess[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              boolean aLeads = a.metric(LEADER_GAUGE).orElse(0) == 1;
              boolean bLeads = b.metric(LEADER_GAUGE).orElse(0) == 1;
              leader[0] = aLeads ? a : b;
              return aLeads != bLeads;
            });
    return leader[0];
  }

  /** The Lease's holder identity, wherever the controller put it (any namespace). */
  static Optional<String> holder(KubernetesClient client) {
    return client.leases().inAnyNamespace().list().getItems().stream()
        .filter(l -> NAME.equals(l.getMetadata().getName()))
        .map(Lease::getSpec)
        .filter(Objects::nonNull)
        .map(s -> s.getHolderIdentity())
        .filter(h -> h != null && !h.isEmpty())
        .findFirst();
  }

  /** Waits until the Lease has a holder other than {@code previous} (null: any), and returns it. */
  static String awaitHolder(KubernetesClient client, String previous, Duration timeout) {
    String[] found = new String[1];
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Optional<String> holder = holder(client);
              holder.ifPresent(h -> found[0] = h);
              return holder.isPresent() && !holder.get().equals(previous);
            });
    return found[0];
  }

  /** How many reconciles of the demo's Kustomization {@code process} has logged. */
  static long reconciles(JarProcess process) {
    return process
        .log()
        .lines()
        .filter(line -> line.contains("reconciliation finished"))
        .filter(line -> line.contains(DemoState.FLUX_NAMESPACE + "/" + DemoState.NAME))
        .count();
  }
}
