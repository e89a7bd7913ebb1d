package io.capstan.runtime.process;

import java.time.Duration;
import java.util.Objects;
import picocli.CommandLine.Option;

/**
 * {@code --requeue-dependency}, shared by the controllers that wait for other objects
 * (source-controller for includes, kustomize-controller and helm-controller for {@code dependsOn}):
 * defined once so that {@code capstan run} accepts it once for all of them.
 */
public final class DependencyFlags {

  @Option(
      names = "--requeue-dependency",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "The interval at which failing dependencies are reevaluated (default 30s).")
  Duration requeueDependency;

  /** {@code --requeue-dependency} (each controller validates it in its options record). */
  public Duration requeueDependency() {
    return requeueDependency;
  }

  /**
   * Checks {@code --requeue-dependency} as the options records' constructors do.
   *
   * @throws NullPointerException when null
   * @throws IllegalArgumentException when zero or negative
   */
  public static void checkRequeueDependency(Duration requeueDependency) {
    Objects.requireNonNull(requeueDependency, "requeueDependency");
    if (requeueDependency.isNegative() || requeueDependency.isZero()) {
      throw new IllegalArgumentException("--requeue-dependency must be positive");
    }
  }
}
