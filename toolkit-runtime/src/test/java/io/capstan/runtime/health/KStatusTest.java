package io.capstan.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KStatusTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static JsonNode yaml(String text) {
    return new ObjectMapper().valueToTree(YAML.unmarshal(text, GenericKubernetesResource.class));
  }

  static Arguments row(String name, HealthStatus expected, String messagePart, String yaml) {
    return Arguments.of(name, expected, messagePart, yaml);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "job complete",
            HealthStatus.CURRENT,
            "succeeded: 1",
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status: {succeeded: 1, startTime: "2024-01-01T00:00:00Z", conditions: [{type: Complete, status: "True"}]}
            """),
        row(
            "job failed",
            HealthStatus.FAILED,
            "BackoffLimitExceeded",
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status: {failed: 6, conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded}]}
            """),
        row(
            "job running",
            HealthStatus.IN_PROGRESS,
            "active: 1",
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status: {active: 1, startTime: "2024-01-01T00:00:00Z"}
            """),
        row(
            "job not started",
            HealthStatus.IN_PROGRESS,
            "Job not started",
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            """),
        row(
            "pod ready",
            HealthStatus.CURRENT,
            "Pod is Ready",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
            """),
        row(
            "pod crash looping",
            HealthStatus.FAILED,
            "app is in CrashLoopBackOff",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status:
              phase: Running
              conditions: [{type: Ready, status: "False"}]
              containerStatuses: [{name: app, state: {waiting: {reason: CrashLoopBackOff}}}]
            """),
        row(
            "pod unschedulable",
            HealthStatus.IN_PROGRESS,
            "could not be scheduled",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status: {phase: Pending, conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]}
            """),
        row(
            "pod succeeded",
            HealthStatus.CURRENT,
            "completed successfully",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status: {phase: Succeeded}
            """),
        row(
            "pod failed",
            HealthStatus.FAILED,
            "not successfully",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status: {phase: Failed}
            """),
        row(
            "pvc bound",
            HealthStatus.CURRENT,
            "Bound",
            """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            status: {phase: Bound}
            """),
        row(
            "pvc pending",
            HealthStatus.IN_PROGRESS,
            "phase: Pending",
            """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            status: {phase: Pending}
            """),
        row(
            "clusterIP service",
            HealthStatus.CURRENT,
            "Service is ready",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {type: ClusterIP}
            """),
        row(
            "load balancer without address",
            HealthStatus.IN_PROGRESS,
            "no ingress address",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {type: LoadBalancer}
            status: {loadBalancer: {}}
            """),
        row(
            "load balancer with address",
            HealthStatus.CURRENT,
            "Service is ready",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {type: LoadBalancer}
            status: {loadBalancer: {ingress: [{ip: 10.0.0.1}]}}
            """),
        row(
            "crd established",
            HealthStatus.CURRENT,
            "established",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            status: {conditions: [{type: NamesAccepted, status: "True"}, {type: Established, status: "True"}]}
            """),
        row(
            "crd names conflict",
            HealthStatus.FAILED,
            "names not accepted",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            status: {conditions: [{type: NamesAccepted, status: "False", reason: ListKindConflict}]}
            """),
        row(
            "crd not yet established",
            HealthStatus.IN_PROGRESS,
            "not established",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            """),
        row(
            "namespace active",
            HealthStatus.CURRENT,
            "Active",
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: apps}
            status: {phase: Active}
            """),
        row(
            "namespace terminating",
            HealthStatus.TERMINATING,
            "terminating",
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: apps}
            status: {phase: Terminating}
            """),
        row(
            "object being deleted",
            HealthStatus.TERMINATING,
            "scheduled for deletion",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c, deletionTimestamp: "2024-01-01T00:00:00Z"}
            """),
        row(
            "custom resource Ready",
            HealthStatus.CURRENT,
            "Applied revision",
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, generation: 2}
            status:
              observedGeneration: 2
              conditions: [{type: Ready, status: "True", reason: ReconciliationSucceeded, message: "Applied revision: main@sha1:abc"}]
            """),
        row(
            "custom resource not Ready",
            HealthStatus.FAILED,
            "kustomization path not found",
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, generation: 2}
            status:
              observedGeneration: 2
              conditions: [{type: Ready, status: "False", reason: BuildFailed, message: "kustomization path not found"}]
            """),
        row(
            "custom resource reconciling",
            HealthStatus.IN_PROGRESS,
            "new generation",
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, generation: 2}
            status:
              observedGeneration: 2
              conditions:
              - {type: Reconciling, status: "True", message: "processing object: new generation 1 -> 2"}
              - {type: Ready, status: "Unknown"}
            """),
        row(
            "custom resource stalled",
            HealthStatus.FAILED,
            "invalid URL",
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: repo, generation: 1}
            status:
              observedGeneration: 1
              conditions: [{type: Stalled, status: "True", reason: InvalidURL, message: "invalid URL"}]
            """),
        row(
            "custom resource with stale observedGeneration",
            HealthStatus.IN_PROGRESS,
            "generation is 3",
            """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, generation: 3}
            status: {observedGeneration: 2, conditions: [{type: Ready, status: "True"}]}
            """),
        row(
            "custom resource without status",
            HealthStatus.CURRENT,
            "current",
            """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            """),
        row(
            "configmap",
            HealthStatus.CURRENT,
            "current",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            data: {a: b}
            """));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  @DisplayName(
      "computes the kstatus state of Jobs, Pods, PVCs, Services, CRDs, Namespaces and custom resources")
  void computesStatus(String name, HealthStatus expected, String messagePart, String yaml) {
    Health health = KStatus.compute(yaml(yaml));

    assertThat(health.status()).as(name).isEqualTo(expected);
    assertThat(health.message()).as(name).contains(messagePart);
  }

  @Test
  @DisplayName("a missing object is NotFound and an object without kind Unknown")
  void missingAndKindless() {
    assertThat(KStatus.compute(MissingNode.getInstance()).status())
        .isEqualTo(HealthStatus.NOT_FOUND);
    assertThat(KStatus.compute(new ObjectMapper().createObjectNode()).status())
        .isEqualTo(HealthStatus.UNKNOWN);
  }
}
