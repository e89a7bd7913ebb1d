package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.ConditionTypes;
import java.util.Optional;

/** kstatus rules for Jobs, Pods, PVCs, Services, Namespaces, CRDs and Ready-condition kinds. */
final class ObjectRules {

  private ObjectRules() {}

  static Health job(ObjectView o) {
    Optional<ObjectView.Condition> failed = o.condition("Failed");
    if (failed.isPresent() && failed.get().isTrue()) {
      return Health.failed("Job Failed: " + KStatus.messageOr(failed.get(), "failed"));
    }
    if (o.conditionIs("Complete", "True")) {
      return Health.current(
          "Job Completed. succeeded: %d".formatted(o.number("/status/succeeded", 0)));
    }
    if (!o.has("/status/startTime")) {
      return Health.inProgress("Job not started");
    }
    return Health.inProgress(
        "Job in progress. success: %d, active: %d, failed: %d"
            .formatted(
                o.number("/status/succeeded", 0),
                o.number("/status/active", 0),
                o.number("/status/failed", 0)));
  }

  static Health pod(ObjectView o) {
    String phase = o.text("/status/phase");
    switch (phase) {
      case "Succeeded":
        return Health.current("Pod has completed successfully");
      case "Failed":
        return Health.failed("Pod has completed, but not successfully");
      case "Running":
        if (o.conditionIs(ConditionTypes.READY, "True")) {
          return Health.current("Pod is Ready");
        }
        Optional<String> crashing = crashLooping(o);
        if (crashing.isPresent()) {
          return Health.failed("Pod container " + crashing.get() + " is in CrashLoopBackOff");
        }
        return Health.inProgress("Pod is running but is not Ready");
      default:
        Optional<ObjectView.Condition> scheduled = o.condition("PodScheduled");
        if (scheduled.isPresent()
            && scheduled.get().isFalse()
            && "Unschedulable".equals(scheduled.get().reason())) {
          return Health.inProgress(
              "Pod could not be scheduled: " + KStatus.messageOr(scheduled.get(), "Unschedulable"));
        }
        return Health.inProgress(
            "Pod is in the " + (phase.isEmpty() ? "Pending" : phase) + " phase");
    }
  }

  private static Optional<String> crashLooping(ObjectView o) {
    for (JsonNode status : o.at("/status/containerStatuses")) {
      if ("CrashLoopBackOff".equals(status.at("/state/waiting/reason").asText())) {
        return Optional.of(status.path("name").asText());
      }
    }
    return Optional.empty();
  }

  static Health persistentVolumeClaim(ObjectView o) {
    String phase = o.text("/status/phase");
    if ("Bound".equals(phase)) {
      return Health.current("PVC is Bound");
    }
    return Health.inProgress("PVC is not Bound. phase: " + (phase.isEmpty() ? "Pending" : phase));
  }

  static Health service(ObjectView o) {
    if ("LoadBalancer".equals(o.text("/spec/type"))) {
      JsonNode ingress = o.at("/status/loadBalancer/ingress");
      if (!ingress.isArray() || ingress.isEmpty()) {
        return Health.inProgress("LoadBalancer has no ingress address yet");
      }
    }
    return Health.current("Service is ready");
  }

  static Health namespace(ObjectView o) {
    String phase = o.text("/status/phase");
    if ("Terminating".equals(phase)) {
      return new Health(HealthStatus.TERMINATING, "Namespace is terminating");
    }
    if ("Active".equals(phase)) {
      return Health.current("Namespace is Active");
    }
    return Health.inProgress("Namespace is not Active yet");
  }

  static Health crd(ObjectView o) {
    Optional<ObjectView.Condition> names = o.condition("NamesAccepted");
    if (names.isPresent() && names.get().isFalse()) {
      return Health.failed("CRD names not accepted: " + KStatus.messageOr(names.get(), "conflict"));
    }
    if (o.conditionIs("Established", "True")) {
      return Health.current("CRD is established");
    }
    return Health.inProgress("CRD is not established yet");
  }

  /**
   * Custom resources: a {@code Ready} condition decides when present (False means Failed once the
   * controller observed the current generation, which the generic check already ensured); objects
   * without conditions are Current, as kstatus treats them.
   */
  static Health readyCondition(ObjectView o) {
    Optional<ObjectView.Condition> ready = o.condition(ConditionTypes.READY);
    if (ready.isEmpty()) {
      return Health.current("Resource is current");
    }
    ObjectView.Condition c = ready.get();
    if (c.isTrue()) {
      return Health.current(KStatus.messageOr(c, "Resource is Ready"));
    }
    if (c.isFalse()) {
      return Health.failed(KStatus.messageOr(c, "Resource is not Ready"));
    }
    return Health.inProgress(KStatus.messageOr(c, "Resource readiness is Unknown"));
  }
}
