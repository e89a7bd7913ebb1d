package io.capstan.runtime.process;

import java.util.List;
import java.util.Set;

/**
 * A controller as a command-line part: its own flags (a picocli mixin, usually the module object
 * itself), the shared flag groups it reads, how those become its validated options record, and how
 * the options become its {@link Controller} facade. A controller's {@code Main} runs one module
 * with {@link ControllerCommand}; {@code capstan run} runs every module in one JVM, so a new
 * controller is added there with one line.
 *
 * <p>Implementations are stateful (picocli fills their fields): use a new instance per command
 * line.
 *
 * @param <O> the controller's options record
 */
public interface ControllerModule<O> {

  /** Flux's name of the controller ({@code kustomize-controller}). */
  String name();

  /** One line for the command's usage. */
  String description();

  /**
   * The picocli mixin holding the flags only this controller has ({@code @Option} fields); by
   * default the module object itself.
   */
  default Object flags() {
    return this;
  }

  /**
   * The shared flag groups this controller reads, such as {@link DependencyFlags}: classes with a
   * no-argument constructor and {@code @Option} fields. A command running several controllers adds
   * each group once, so a flag two controllers have is defined, parsed and documented once.
   */
  default List<Class<?>> sharedFlags() {
    return List.of();
  }

  /**
   * The names of the {@code --feature-gates} this controller reads (with {@link FeatureGateFlags}
   * among its {@link #sharedFlags()}); a gate no controller of the command knows is refused.
   */
  default Set<String> featureGates() {
    return Set.of();
  }

  /**
   * The options the parsed flags describe, validated.
   *
   * @throws IllegalArgumentException for values the flag parser cannot check
   */
  O options(ParsedFlags flags);

  /** The controller configured by {@code options} (nothing started yet). */
  Controller create(O options, ControllerContext context);

  /**
   * Validates the flags now and returns what creates the controller later, once the process has its
   * client: bad flags fail before anything connects or starts.
   */
  default Prepared prepare(ParsedFlags flags) {
    O options = options(flags);
    return new Prepared(name(), options, context -> create(options, context));
  }

  /**
   * A module whose flags were validated.
   *
   * @param name the controller's name
   * @param options its options record
   * @param factory creates the controller on the process's client and registry
   */
  record Prepared(String name, Object options, Factory factory) {

    /** Creates the controller (not started). */
    public Controller create(ControllerContext context) {
      return factory.create(context);
    }
  }

  /** Creates a controller from the process's context. */
  @FunctionalInterface
  interface Factory {
    /** The controller, not started. */
    Controller create(ControllerContext context);
  }
}
