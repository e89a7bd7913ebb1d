package io.capstan.testing.kube;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet's last step for hook and test Pods, which kwok's fake nodes never finish: a Pod
 * annotated {@code capstan.test/outcome: succeed|fail} that is Running is marked Succeeded or
 * Failed (its container terminated with exit code 0 or 1). The cluster's own Job controller then
 * completes or fails the Job. Nothing else is faked: no real kubelet exists in the test cluster.
 */
public final class FakeKubelet implements AutoCloseable {
  public static final String OUTCOME = "capstan.test/outcome";

  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  public FakeKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    timer.scheduleWithFixedDelay(this::tick, 200, 200, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      for (Pod p : client.pods().inNamespace(namespace).list().getItems()) {
        Map<String, String> ann = p.getMetadata().getAnnotations();
        String outcome = ann == null ? null : ann.get(OUTCOME);
        PodStatus st = p.getStatus();
        if (outcome == null || st == null || !"Running".equals(st.getPhase())) {
          continue;
        }
        boolean ok = !"fail".equals(outcome);
        client
            .pods()
            .inNamespace(namespace)
            .withName(p.getMetadata().getName())
            .editStatus(
                pod -> {
                  pod.getStatus().setPhase(ok ? "Succeeded" : "Failed");
                  pod.getStatus()
                      .setContainerStatuses(
                          List.of(
                              new ContainerStatusBuilder()
                                  .withName(pod.getSpec().getContainers().get(0).getName())
                                  .withImage(pod.getSpec().getContainers().get(0).getImage())
                                  .withImageID("")
                                  .withReady(false)
                                  .withRestartCount(0)
                                  .withNewState()
                                  .withNewTerminated()
                                  .withExitCode(ok ? 0 : 1)
                                  .withReason(ok ? "Completed" : "Error")
                                  .endTerminated()
                                  .endState()
                                  .build()));
                  pod.getStatus()
                      .getConditions()
                      .forEach(
                          c -> {
                            if ("Ready".equals(c.getType())
                                || "ContainersReady".equals(c.getType())) {
                              c.setStatus("False");
                            }
                          });
                  return pod;
                });
      }
    } catch (KubernetesClientException e) {
      // a conflict or a pod gone meanwhile: the next tick retries
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
