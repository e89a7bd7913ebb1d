package io.capstan.image.controller;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * image-reflector-controller's validated settings from {@link ImageReflectorFlags} (the shared
 * process flags live in {@link io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: reconciles at once (Flux default 4)
 * @param storagePath {@code --storage-path}: where scanned tags are kept (Flux default /data;
 *     {@code <storage-path>-image-reflector} under {@code capstan run})
 * @param requeueDependency {@code --requeue-dependency}: retry delay while an ImagePolicy's
 *     repository is not ready (Flux default 30s)
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 */
public record ImageReflectorOptions(
    int concurrent, Path storagePath, Duration requeueDependency, Set<String> watchNamespaces) {

  /** Validates the values a flag parser cannot. */
  public ImageReflectorOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    Objects.requireNonNull(storagePath, "storagePath");
    Objects.requireNonNull(requeueDependency, "requeueDependency");
    if (requeueDependency.isNegative() || requeueDependency.isZero()) {
      throw new IllegalArgumentException("--requeue-dependency must be positive");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** A controller configured by these options (not started; the client is still to be set). */
  ImageReflectorController.Builder toBuilder() {
    return ImageReflectorController.builder()
        .concurrency(concurrent)
        .storagePath(storagePath)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces);
  }
}
