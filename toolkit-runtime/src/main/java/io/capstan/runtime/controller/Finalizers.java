package io.capstan.runtime.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.kube.ResourcePatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Flux's finalizer, {@code finalizers.fluxcd.io}, added on the first reconcile and removed after
 * cleanup. Flux's name has no {@code /}, which Java Operator SDK's finalizer support rejects, so
 * the runtime manages it itself (see {@link FluxReconciler}). Writes carry the object's {@code
 * resourceVersion}, so concurrent finalizer edits by others surface as conflicts, not lost data.
 */
public final class Finalizers {

  /** The finalizer every Flux controller puts on the objects it reconciles. */
  public static final String FLUX = "finalizers.fluxcd.io";

  private Finalizers() {}

  /** True when {@code resource} carries {@link #FLUX}. */
  public static boolean has(HasMetadata resource) {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(FLUX);
  }

  /** Adds {@link #FLUX}; updates the resource's finalizers and resourceVersion in memory. */
  public static void add(HasMetadata resource, ResourcePatcher patcher) {
    List<String> finalizers = current(resource);
    if (finalizers.contains(FLUX)) {
      return;
    }
    finalizers.add(FLUX);
    write(resource, patcher, finalizers);
  }

  /** Removes {@link #FLUX}; updates the resource's finalizers and resourceVersion in memory. */
  public static void remove(HasMetadata resource, ResourcePatcher patcher) {
    List<String> finalizers = current(resource);
    if (!finalizers.remove(FLUX)) {
      return;
    }
    write(resource, patcher, finalizers);
  }

  private static List<String> current(HasMetadata resource) {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    return finalizers == null ? new ArrayList<>() : new ArrayList<>(finalizers);
  }

  private static void write(HasMetadata resource, ResourcePatcher patcher, List<String> list) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = patch.putObject("metadata");
    list.forEach(metadata.putArray("finalizers")::add);
    if (list.isEmpty()) {
      metadata.putNull("finalizers");
    }
    String resourceVersion = resource.getMetadata().getResourceVersion();
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    String updated = patcher.patch(resource, patch);
    resource.getMetadata().setFinalizers(list);
    resource.getMetadata().setResourceVersion(updated);
  }
}
