package io.capstan.runtime.health;

import java.util.Optional;

/** kstatus rules for the apps/v1 workload kinds. */
final class WorkloadRules {

  private WorkloadRules() {}

  static Health deployment(ObjectView o) {
    Optional<ObjectView.Condition> progressing = o.condition("Progressing");
    if (progressing.isPresent()
        && progressing.get().isFalse()
        && "ProgressDeadlineExceeded".equals(progressing.get().reason())) {
      return Health.failed(
          "Progress deadline exceeded: " + KStatus.messageOr(progressing.get(), "no progress"));
    }
    long spec = o.number("/spec/replicas", 1);
    long replicas = o.number("/status/replicas", 0);
    long updated = o.number("/status/updatedReplicas", 0);
    long ready = o.number("/status/readyReplicas", 0);
    long available = o.number("/status/availableReplicas", 0);
    if (spec > updated) {
      return Health.inProgress("Updated: %d/%d".formatted(updated, spec));
    }
    if (replicas > updated) {
      return Health.inProgress("Pending termination: %d".formatted(replicas - updated));
    }
    if (updated > available) {
      return Health.inProgress("Available: %d/%d".formatted(available, updated));
    }
    if (spec > ready) {
      return Health.inProgress("Ready: %d/%d".formatted(ready, spec));
    }
    boolean newReplicaSetAvailable =
        progressing.isPresent()
            && progressing.get().isTrue()
            && "NewReplicaSetAvailable".equals(progressing.get().reason());
    if (!newReplicaSetAvailable) {
      return Health.inProgress("ReplicaSet not Available");
    }
    if (!o.conditionIs("Available", "True")) {
      return Health.inProgress("Deployment not Available");
    }
    return Health.current("Deployment is available. Replicas: %d".formatted(replicas));
  }

  static Health statefulSet(ObjectView o) {
    if (!o.has("/status/observedGeneration")) {
      return Health.inProgress("StatefulSet has not been observed by its controller");
    }
    String strategy = o.text("/spec/updateStrategy/type");
    if (!strategy.isEmpty() && !"RollingUpdate".equals(strategy)) {
      return Health.current("StatefulSet uses the %s update strategy".formatted(strategy));
    }
    long spec = o.number("/spec/replicas", 1);
    long ready = o.number("/status/readyReplicas", 0);
    long current = o.number("/status/currentReplicas", 0);
    long updated = o.number("/status/updatedReplicas", 0);
    long replicas = o.number("/status/replicas", 0);
    if (spec > replicas) {
      return Health.inProgress("Replicas: %d/%d".formatted(replicas, spec));
    }
    if (spec > ready) {
      return Health.inProgress("Ready: %d/%d".formatted(ready, spec));
    }
    if (o.has("/spec/updateStrategy/rollingUpdate/partition")) {
      long partition = o.number("/spec/updateStrategy/rollingUpdate/partition", 0);
      long expected = Math.max(0, spec - partition);
      if (updated < expected) {
        return Health.inProgress("updated: %d/%d".formatted(updated, expected));
      }
      return Health.current("Partition rollout complete. updated: %d".formatted(updated));
    }
    if (spec > current) {
      return Health.inProgress("current: %d/%d".formatted(current, spec));
    }
    String currentRevision = o.text("/status/currentRevision");
    String updateRevision = o.text("/status/updateRevision");
    if (!updateRevision.isEmpty() && !updateRevision.equals(currentRevision)) {
      return Health.inProgress(
          "Waiting for updated revision %s to match current %s"
              .formatted(updateRevision, currentRevision));
    }
    return Health.current("All replicas scheduled as expected. Replicas: %d".formatted(replicas));
  }

  static Health daemonSet(ObjectView o) {
    if (!o.has("/status/observedGeneration")) {
      return Health.inProgress("DaemonSet has not been observed by its controller");
    }
    long desired = o.number("/status/desiredNumberScheduled", -1);
    if (desired < 0) {
      return Health.inProgress("Missing .status.desiredNumberScheduled");
    }
    long scheduled = o.number("/status/currentNumberScheduled", 0);
    long updated = o.number("/status/updatedNumberScheduled", 0);
    long available = o.number("/status/numberAvailable", 0);
    long ready = o.number("/status/numberReady", 0);
    if (desired > scheduled) {
      return Health.inProgress("Current: %d/%d".formatted(scheduled, desired));
    }
    if (desired > updated) {
      return Health.inProgress("Updated: %d/%d".formatted(updated, desired));
    }
    if (desired > available) {
      return Health.inProgress("Available: %d/%d".formatted(available, desired));
    }
    if (desired > ready) {
      return Health.inProgress("Ready: %d/%d".formatted(ready, desired));
    }
    return Health.current("All replicas scheduled as expected. Replicas: %d".formatted(desired));
  }

  static Health replicaSet(ObjectView o) {
    Optional<ObjectView.Condition> failure = o.condition("ReplicaFailure");
    if (failure.isPresent() && failure.get().isTrue()) {
      return Health.inProgress("Replica Failure: " + KStatus.messageOr(failure.get(), "failure"));
    }
    long spec = o.number("/spec/replicas", 1);
    long replicas = o.number("/status/replicas", 0);
    long labeled = o.number("/status/fullyLabeledReplicas", 0);
    long available = o.number("/status/availableReplicas", 0);
    long ready = o.number("/status/readyReplicas", 0);
    if (spec > labeled) {
      return Health.inProgress("Labelled: %d/%d".formatted(labeled, spec));
    }
    if (spec > available) {
      return Health.inProgress("Available: %d/%d".formatted(available, spec));
    }
    if (spec > ready) {
      return Health.inProgress("Ready: %d/%d".formatted(ready, spec));
    }
    if (replicas > spec) {
      return Health.inProgress("Pending termination: %d".formatted(replicas - spec));
    }
    return Health.current("ReplicaSet is available. Replicas: %d".formatted(replicas));
  }
}
