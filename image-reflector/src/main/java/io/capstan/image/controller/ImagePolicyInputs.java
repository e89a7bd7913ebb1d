package io.capstan.image.controller;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.runtime.controller.ReconcileInputs;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an ImagePolicy's reconcile depends on besides its generation and {@code requestedAt}, for
 * toolkit-runtime's {@code FluxReconcilerBuilder.skipUnchanged}: its ImageRepository as {@link
 * ImagePolicyController}'s repository watch cache holds it — absent, or its generation, {@code
 * lastScanResult.revision} (the tag database the policy reads is written before it) and Ready
 * status. The watch's events (a new scan revision, a Ready change, a repository created or deleted)
 * are the only other events that reconcile a policy, as in Flux; digest reflection reads the
 * registry again at the interval, when the memo's requeue is due.
 */
public final class ImagePolicyInputs implements ReconcileInputs<ImagePolicy> {

  /** The inputs of one reconcile: the repository's key and state. */
  record Inputs(String repository, String state) {}

  private volatile Function<ResourceID, Optional<ImageRepository>> repositories;

  /** Reads repositories through {@code cache} (set when the watch is prepared). */
  void follow(Function<ResourceID, Optional<ImageRepository>> cache) {
    this.repositories = cache;
  }

  @Override
  public Optional<?> of(ImagePolicy policy) {
    Function<ResourceID, Optional<ImageRepository>> cache = repositories;
    if (cache == null
        || policy.getSpec() == null
        || policy.getSpec().getImageRepositoryRef() == null) {
      return Optional.empty();
    }
    String key = ImagePolicyReconciler.repositoryKey(policy);
    String[] parts = key.split("/", 2);
    String state =
        cache
            .apply(new ResourceID(parts[1], parts[0]))
            .map(
                r ->
                    r.getMetadata().getGeneration()
                        + " "
                        + ImagePolicyController.revision(r)
                        + " "
                        + ImagePolicyController.readyStatus(r))
            .orElse("absent");
    return Optional.of(new Inputs(key, state));
  }
}
