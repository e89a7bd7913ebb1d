package io.capstan.image.automation.controller;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.controller.ReconcileInputs;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What an ImageUpdateAutomation's reconcile depends on besides its generation and {@code
 * requestedAt}, for toolkit-runtime's {@code FluxReconcilerBuilder.skipUnchanged}, as {@link
 * ImageUpdateAutomationController}'s two watch caches hold it: its GitRepository (absent, or its
 * generation: the watch reacts to spec changes) and every ImagePolicy of its namespace (name,
 * labels, which {@code spec.policySelector} reads, and {@code status.latestRef}; the watch reacts
 * to a {@code latestRef} change and to a policy created or deleted). What the Git remote holds is
 * read again at the interval, when the memo's requeue is due, as in Flux.
 */
public final class ImageUpdateAutomationInputs implements ReconcileInputs<ImageUpdateAutomation> {

  /** The inputs of one reconcile. */
  record Inputs(String source, Map<String, String> policies) {}

  private volatile Function<ResourceID, Optional<GitRepository>> sources;
  private volatile Function<String, Stream<ImagePolicy>> policies;

  /** Reads GitRepositories by key and ImagePolicies by namespace through the watch caches. */
  void follow(
      Function<ResourceID, Optional<GitRepository>> sources,
      Function<String, Stream<ImagePolicy>> policies) {
    this.sources = sources;
    this.policies = policies;
  }

  @Override
  public Optional<?> of(ImageUpdateAutomation automation) {
    Function<ResourceID, Optional<GitRepository>> sourceCache = sources;
    Function<String, Stream<ImagePolicy>> policyCache = policies;
    if (sourceCache == null
        || policyCache == null
        || automation.getSpec() == null
        || automation.getSpec().getSourceRef() == null) {
      return Optional.empty();
    }
    String key = ImageUpdateAutomationReconciler.sourceKey(automation);
    String[] parts = key.split("/", 2);
    String source =
        key
            + " "
            + sourceCache
                .apply(new ResourceID(parts[1], parts[0]))
                .map(r -> String.valueOf(r.getMetadata().getGeneration()))
                .orElse("absent");
    Map<String, String> selected = new TreeMap<>();
    policyCache
        .apply(automation.getMetadata().getNamespace())
        .forEach(
            p ->
                selected.put(
                    p.getMetadata().getName(),
                    new TreeMap<>(
                            p.getMetadata().getLabels() == null
                                ? Map.of()
                                : p.getMetadata().getLabels())
                        + " "
                        + latest(p)));
    return Optional.of(new Inputs(source, selected));
  }

  private static String latest(ImagePolicy policy) {
    ImageRef ref = policy.getStatus() == null ? null : policy.getStatus().getLatestRef();
    return ref == null ? "-" : ref.getName() + ":" + ref.getTag() + "@" + ref.getDigest();
  }
}
