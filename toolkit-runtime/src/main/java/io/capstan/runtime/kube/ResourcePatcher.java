package io.capstan.runtime.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/**
 * The few writes the runtime makes to a reconciled object, as JSON merge patches. Patches that
 * carry {@code metadata.resourceVersion} are optimistic-locked: a stale version fails with {@link
 * ResourceConflictException}. This is the edge to the API server; everything that decides what to
 * write is pure and lives elsewhere.
 */
public interface ResourcePatcher {

  /**
   * Merge-patches the {@code status} subresource of {@code resource}'s object.
   *
   * @return the object's new {@code metadata.resourceVersion}
   * @throws ResourceConflictException on HTTP 409
   */
  String patchStatus(HasMetadata resource, JsonNode mergePatch);

  /**
   * Merge-patches the object itself (used for {@code metadata.finalizers}).
   *
   * @return the object's new {@code metadata.resourceVersion}
   * @throws ResourceConflictException on HTTP 409
   */
  String patch(HasMetadata resource, JsonNode mergePatch);

  /**
   * The latest stored version of {@code resource}'s object, as JSON; empty when it no longer
   * exists.
   */
  Optional<JsonNode> get(HasMetadata resource);
}
