package io.capstan.image.controller;

import io.capstan.runtime.process.ControllerOptionsBuilder;
import io.capstan.runtime.process.DependencyFlags;
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

  /** Flux's image-reflector-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 4;

  /** Flux's default for {@code --storage-path}. */
  public static final Path DEFAULT_STORAGE_PATH = Path.of("/data");

  /** Flux's default for {@code --requeue-dependency}. */
  public static final Duration DEFAULT_REQUEUE_DEPENDENCY = Duration.ofSeconds(30);

  /** Validates the values a flag parser cannot. */
  public ImageReflectorOptions {
    ControllerOptionsBuilder.checkConcurrent(concurrent);
    Objects.requireNonNull(storagePath, "storagePath");
    DependencyFlags.checkRequeueDependency(requeueDependency);
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Options with every flag at Flux's default, to change with the builder's setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive options that differ in a few flags. */
  public Builder toBuilder() {
    return new Builder()
        .concurrent(concurrent)
        .storagePath(storagePath)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces);
  }

  /**
   * Builds {@link ImageReflectorOptions}; every setter starts at Flux's default, and {@link
   * #build()} validates as the canonical constructor does.
   */
  public static final class Builder extends ControllerOptionsBuilder<Builder> {
    private Path storagePath = DEFAULT_STORAGE_PATH;
    private Duration requeueDependency = DEFAULT_REQUEUE_DEPENDENCY;

    private Builder() {
      super(DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** {@code --storage-path} (default {@code /data}). */
    public Builder storagePath(Path storagePath) {
      this.storagePath = storagePath;
      return this;
    }

    /** {@code --requeue-dependency} (default 30s). */
    public Builder requeueDependency(Duration requeueDependency) {
      this.requeueDependency = requeueDependency;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public ImageReflectorOptions build() {
      return new ImageReflectorOptions(
          concurrent(), storagePath, requeueDependency, watchNamespaces());
    }
  }
}
