package io.capstan.runtime.process;

import java.util.Set;

/**
 * The builder part every controller's options record shares, so that every options record is built
 * with the same names for the flags of {@link ControllerFlags} it reads: {@code concurrent} ({@code
 * --concurrent}) and {@code watchNamespaces} ({@code --watch-all-namespaces}). An options record's
 * builder extends it, starts at the controller's Flux defaults and adds its own flags:
 *
 * <pre>{@code
 * public static final class Builder extends ControllerOptionsBuilder<Builder> {
 *   private Duration requeueDependency = DEFAULT_REQUEUE_DEPENDENCY;
 *   private Builder() { super(DEFAULT_CONCURRENT); }   // Flux's --concurrent default
 *   protected Builder self() { return this; }
 *   public Builder requeueDependency(Duration d) { requeueDependency = d; return self(); }
 *   public HelmControllerOptions build() {
 *     return new HelmControllerOptions(concurrent(), requeueDependency, watchNamespaces(), ...);
 *   }
 * }
 * }</pre>
 *
 * <p>Values are checked by the record's constructor when {@code build()} creates it, not by the
 * setters, so that a builder can be filled in any order.
 *
 * @param <B> the options record's builder
 */
public abstract class ControllerOptionsBuilder<B extends ControllerOptionsBuilder<B>> {

  private int concurrent;
  private Set<String> watchNamespaces = Set.of();

  /** Starts with the controller's Flux default for {@code --concurrent} and all namespaces. */
  protected ControllerOptionsBuilder(int defaultConcurrent) {
    this.concurrent = defaultConcurrent;
  }

  /**
   * Checks {@code --concurrent} as every options record's constructor does.
   *
   * @throws IllegalArgumentException when below 1
   */
  public static void checkConcurrent(int concurrent) {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
  }

  /** This builder, typed. */
  protected abstract B self();

  /** {@code --concurrent}: reconciles at once (default: the controller's, as Flux). */
  public B concurrent(int concurrent) {
    this.concurrent = concurrent;
    return self();
  }

  /** The namespaces to watch; empty (the default) for all ({@code --watch-all-namespaces}). */
  public B watchNamespaces(Set<String> watchNamespaces) {
    this.watchNamespaces = watchNamespaces;
    return self();
  }

  /** The {@code --concurrent} set, for {@code build()}. */
  protected int concurrent() {
    return concurrent;
  }

  /** The namespaces set, for {@code build()}. */
  protected Set<String> watchNamespaces() {
    return watchNamespaces;
  }
}
