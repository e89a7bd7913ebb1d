package io.capstan.runtime.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.kube.ResourceConflictException;
import io.capstan.runtime.kube.ResourcePatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a reconcile's status once, and only when it changed.
 *
 * <p>The patch is the JSON merge patch from the status as read to the status as computed, sent to
 * the status subresource with the object's {@code resourceVersion} as optimistic lock. On a
 * conflict the latest object is re-read, the same change is re-applied on top of its status, and
 * the write is retried (up to {@code maxAttempts} writes); fields the change does not touch keep
 * what others wrote meanwhile.
 */
public final class StatusPatcher {

  private final ResourcePatcher patcher;
  private final int maxAttempts;

  /** Patches through {@code patcher}, trying at most {@code maxAttempts} times on conflicts. */
  public StatusPatcher(ResourcePatcher patcher, int maxAttempts) {
    this.patcher = Objects.requireNonNull(patcher, "patcher");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
  }

  /**
   * Patches {@code resource}'s status from {@code before} to {@code after} (both JSON of the
   * status, {@code null} for none).
   *
   * @return the new resourceVersion when a patch was sent; empty when nothing changed
   * @throws ResourceConflictException when every attempt conflicted
   */
  public Optional<String> patch(HasMetadata resource, JsonNode before, JsonNode after) {
    ObjectNode change = JsonMergePatch.diff(before, after);
    if (change.isEmpty()) {
      return Optional.empty();
    }
    String resourceVersion = resource.getMetadata().getResourceVersion();
    ObjectNode statusPatch = change;
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.of(patcher.patchStatus(resource, body(statusPatch, resourceVersion)));
      } catch (ResourceConflictException conflict) {
        if (attempt >= maxAttempts) {
          throw conflict;
        }
        Optional<JsonNode> latest = patcher.get(resource);
        if (latest.isEmpty()) {
          return Optional.empty();
        }
        JsonNode latestStatus = latest.get().get("status");
        statusPatch = JsonMergePatch.diff(latestStatus, JsonMergePatch.apply(latestStatus, change));
        resourceVersion = latest.get().path("metadata").path("resourceVersion").asText(null);
        if (statusPatch.isEmpty()) {
          return Optional.ofNullable(resourceVersion);
        }
      }
    }
  }

  private static ObjectNode body(ObjectNode statusPatch, String resourceVersion) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (resourceVersion != null) {
      body.putObject("metadata").put("resourceVersion", resourceVersion);
    }
    body.set("status", statusPatch);
    return body;
  }
}
