package io.capstan.runtime.process;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The flags a {@link ControllerModule} turns into its options: the process flags every controller
 * shares ({@link ControllerFlags}), the shared flag groups of the command, and {@code
 * $RUNTIME_NAMESPACE}.
 *
 * @param process the process flags
 * @param groups the shared flag groups, by class, one instance each
 * @param runtimeNamespace {@code $RUNTIME_NAMESPACE} (may be null outside a cluster)
 */
public record ParsedFlags(
    ControllerFlags process, Map<Class<?>, Object> groups, String runtimeNamespace) {

  /** Copies the group map. */
  public ParsedFlags {
    Objects.requireNonNull(process, "process");
    groups = Map.copyOf(groups);
  }

  /** {@code --concurrent}, or the controller's Flux default when not given; at least 1. */
  public int concurrent(int controllerDefault) {
    return process.concurrent(controllerDefault);
  }

  /** The namespaces to watch: empty for all ({@code --watch-all-namespaces}). */
  public Set<String> watchNamespaces() {
    return process.watchNamespaces(runtimeNamespace);
  }

  /**
   * The shared flag group of {@code type}.
   *
   * @throws IllegalStateException when the module did not list it in {@link
   *     ControllerModule#sharedFlags()}
   */
  public <T> T group(Class<T> type) {
    Object group = groups.get(type);
    if (group == null) {
      throw new IllegalStateException(
          type.getSimpleName() + " is not a shared flag group of this command");
    }
    return type.cast(group);
  }
}
