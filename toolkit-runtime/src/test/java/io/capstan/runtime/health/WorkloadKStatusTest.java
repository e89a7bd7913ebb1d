package io.capstan.runtime.health;

import static io.capstan.runtime.health.KStatusTest.row;
import static io.capstan.runtime.health.KStatusTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadKStatusTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "deployment rolled out",
            HealthStatus.CURRENT,
            "Replicas: 2",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 3}
            spec: {replicas: 2}
            status:
              observedGeneration: 3
              replicas: 2
              updatedReplicas: 2
              readyReplicas: 2
              availableReplicas: 2
              conditions:
              - {type: Available, status: "True"}
              - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
            """),
        row(
            "deployment not yet observed",
            HealthStatus.IN_PROGRESS,
            "latest observed generation is 1",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 2}
            spec: {replicas: 1}
            status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1}
            """),
        row(
            "deployment updating",
            HealthStatus.IN_PROGRESS,
            "Updated: 1/3",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 1}
            spec: {replicas: 3}
            status: {observedGeneration: 1, replicas: 3, updatedReplicas: 1}
            """),
        row(
            "deployment old pods terminating",
            HealthStatus.IN_PROGRESS,
            "Pending termination: 1",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 1}
            spec: {replicas: 2}
            status: {observedGeneration: 1, replicas: 3, updatedReplicas: 2}
            """),
        row(
            "deployment replicas not available",
            HealthStatus.IN_PROGRESS,
            "Available: 0/1",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 1}
            status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 0}
            """),
        row(
            "deployment past its progress deadline",
            HealthStatus.FAILED,
            "Progress deadline exceeded",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 1}
            status:
              observedGeneration: 1
              conditions:
              - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: "ReplicaSet web-1 has timed out progressing."}
            """),
        row(
            "statefulset ready",
            HealthStatus.CURRENT,
            "All replicas scheduled",
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, generation: 1}
            spec: {replicas: 2}
            status: {observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, currentRevision: db-1, updateRevision: db-1}
            """),
        row(
            "statefulset rolling to new revision",
            HealthStatus.IN_PROGRESS,
            "Waiting for updated revision",
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, generation: 2}
            spec: {replicas: 2}
            status: {observedGeneration: 2, replicas: 2, readyReplicas: 2, currentReplicas: 2, currentRevision: db-1, updateRevision: db-2}
            """),
        row(
            "statefulset pods not ready",
            HealthStatus.IN_PROGRESS,
            "Ready: 1/2",
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, generation: 1}
            spec: {replicas: 2}
            status: {observedGeneration: 1, replicas: 2, readyReplicas: 1}
            """),
        row(
            "statefulset OnDelete strategy",
            HealthStatus.CURRENT,
            "OnDelete",
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, generation: 1}
            spec: {replicas: 2, updateStrategy: {type: OnDelete}}
            status: {observedGeneration: 1}
            """),
        row(
            "daemonset scheduled everywhere",
            HealthStatus.CURRENT,
            "Replicas: 3",
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, generation: 1}
            status: {observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3}
            """),
        row(
            "daemonset partially available",
            HealthStatus.IN_PROGRESS,
            "Available: 2/3",
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, generation: 1}
            status: {observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2, numberReady: 2}
            """),
        row(
            "daemonset never observed",
            HealthStatus.IN_PROGRESS,
            "not been observed",
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, generation: 1}
            """),
        row(
            "replicaset available",
            HealthStatus.CURRENT,
            "Replicas: 2",
            """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: web-1, generation: 1}
            spec: {replicas: 2}
            status: {observedGeneration: 1, replicas: 2, fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2}
            """),
        row(
            "replicaset with replica failure",
            HealthStatus.IN_PROGRESS,
            "Replica Failure: quota",
            """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: web-1, generation: 1}
            spec: {replicas: 2}
            status:
              observedGeneration: 1
              conditions: [{type: ReplicaFailure, status: "True", message: quota}]
            """));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  @DisplayName(
      "computes the kstatus state of Deployments, StatefulSets, DaemonSets and ReplicaSets")
  void computesStatus(String name, HealthStatus expected, String messagePart, String yaml) {
    Health health = KStatus.compute(yaml(yaml));

    assertThat(health.status()).as(name).isEqualTo(expected);
    assertThat(health.message()).as(name).contains(messagePart);
  }
}
