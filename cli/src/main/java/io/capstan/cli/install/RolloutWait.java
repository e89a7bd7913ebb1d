package io.capstan.cli.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.runtime.health.Health;
import io.capstan.runtime.health.HealthStatus;
import io.capstan.runtime.health.KStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits until the controllers' Deployments are Current by kstatus (updated, available and ready
 * replicas as specified, {@code Available=True}), printing one line per controller when it becomes
 * ready and a progress line whenever a Deployment's state changes. A Deployment that fails ({@code
 * ProgressDeadlineExceeded}) ends the wait at once.
 */
public final class RolloutWait {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final Duration poll;

  public RolloutWait(KubernetesClient client, String namespace, Duration poll) {
    this.client = client;
    this.namespace = namespace;
    this.poll = poll;
  }

  /**
   * Returns when every Deployment named in {@code deployments} is Current.
   *
   * @throws IllegalStateException naming each Deployment that is not, with its state, on timeout or
   *     failure
   */
  public void await(List<String> deployments, Duration timeout, PrintWriter out) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> pending = new LinkedHashSet<>(deployments);
    Map<String, String> lastState = new HashMap<>();
    while (true) {
      for (String name : List.copyOf(pending)) {
        Health health = health(name);
        if (health.isCurrent()) {
          pending.remove(name);
          out.println("✔ " + name + ": deployment ready");
        } else {
          String state = health.status() + ": " + health.message();
          if (!state.equals(lastState.put(name, state))) {
            out.println("◎ " + name + ": " + state);
          }
          if (health.status() == HealthStatus.FAILED) {
            out.flush();
            throw new IllegalStateException(
                "install failed: Deployment/" + namespace + "/" + name + " " + state);
          }
        }
      }
      out.flush();
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        List<String> waiting = new ArrayList<>();
        for (String name : pending) {
          waiting.add("Deployment/" + namespace + "/" + name + " " + lastState.get(name));
        }
        throw new IllegalStateException(
            "install failed: timeout after " + timeout + " waiting for: " + waiting);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the Deployments", e);
      }
    }
  }

  private Health health(String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return new Health(HealthStatus.NOT_FOUND, "not found");
    }
    JsonNode json = JSON.valueToTree(deployment);
    return KStatus.compute(json);
  }
}
