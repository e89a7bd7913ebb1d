package io.capstan.runtime.process;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A controller's command line: the process flags ({@link ControllerFlags}), the controller's own
 * flags and its shared flag groups, then {@link ControllerMain} runs it. A controller's {@code
 * main} is {@code System.exit(ControllerCommand.commandLine(new XxxFlags()).execute(args))}.
 *
 * <p>{@link #addFlags} is also how {@code capstan run} takes the flags of every controller: each
 * shared flag group (such as {@link DependencyFlags}) is added once.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
public final class ControllerCommand implements Callable<Integer> {

  @Mixin ControllerFlags flags;

  private final ControllerModule<?> module;
  private Map<Class<?>, Object> groups = Map.of();

  private ControllerCommand(ControllerModule<?> module) {
    this.module = module;
  }

  /** The command line of {@code module} as its own process, ready to {@code execute}. */
  public static CommandLine commandLine(ControllerModule<?> module) {
    ControllerCommand command = new ControllerCommand(module);
    CommandLine commandLine = new CommandLine(command);
    commandLine.getCommandSpec().name(module.name());
    commandLine.getCommandSpec().usageMessage().description(module.description());
    command.groups = addFlags(commandLine, List.of(module));
    return commandLine;
  }

  /**
   * Parses {@code args} as {@code module}'s command line and returns its options (for tests and
   * embedders).
   *
   * @throws CommandLine.ParameterException for flags picocli rejects
   * @throws IllegalArgumentException for values only the options check
   */
  public static <O> O parse(ControllerModule<O> module, String[] args, String runtimeNamespace) {
    CommandLine commandLine = commandLine(module);
    commandLine.parseArgs(args);
    ControllerCommand command = commandLine.getCommand();
    ParsedFlags flags = command.parsedFlags(runtimeNamespace);
    checkFeatureGates(List.of(module), flags);
    return module.options(flags);
  }

  /**
   * Adds every module's own flags and, once each, the shared flag groups they read to {@code
   * commandLine}; returns the groups (filled when the command line is parsed).
   *
   * @throws IllegalStateException when a group class cannot be instantiated
   */
  public static Map<Class<?>, Object> addFlags(
      CommandLine commandLine, List<? extends ControllerModule<?>> modules) {
    Map<Class<?>, Object> groups = new LinkedHashMap<>();
    for (ControllerModule<?> module : modules) {
      if (declaresFlags(module.flags())) {
        commandLine.addMixin(module.name(), module.flags());
      }
      for (Class<?> type : module.sharedFlags()) {
        if (!groups.containsKey(type)) {
          Object group = instantiate(type);
          groups.put(type, group);
          commandLine.addMixin(type.getName(), group);
        }
      }
    }
    return groups;
  }

  /**
   * Validates every module's flags and returns what creates the controllers.
   *
   * @throws IllegalArgumentException for the first module whose flags are invalid
   */
  public static List<ControllerModule.Prepared> prepare(
      List<? extends ControllerModule<?>> modules, ParsedFlags flags) {
    checkFeatureGates(modules, flags);
    return modules.stream().map(m -> m.prepare(flags)).toList();
  }

  private static void checkFeatureGates(
      List<? extends ControllerModule<?>> modules, ParsedFlags flags) {
    if (flags.groups().containsKey(FeatureGateFlags.class)) {
      Set<String> known = new TreeSet<>();
      modules.forEach(m -> known.addAll(m.featureGates()));
      FeatureGateFlags.requireKnown(flags.group(FeatureGateFlags.class).gates(), known);
    }
  }

  /** Whether {@code flags} has picocli annotations (a module may have only shared flags). */
  private static boolean declaresFlags(Object flags) {
    for (Class<?> type = flags.getClass(); type != Object.class; type = type.getSuperclass()) {
      if (type.isAnnotationPresent(Command.class)) {
        return true;
      }
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Option.class)
            || field.isAnnotationPresent(Mixin.class)
            || field.isAnnotationPresent(CommandLine.ArgGroup.class)) {
          return true;
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Option.class)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Object instantiate(Class<?> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException("flag group " + type.getName() + " cannot be created", e);
    }
  }

  private ParsedFlags parsedFlags(String runtimeNamespace) {
    return new ParsedFlags(flags, groups, runtimeNamespace);
  }

  /** Validates the flags, then runs the controller process until it must end. */
  @Override
  public Integer call() throws Exception {
    List<ControllerModule.Prepared> prepared =
        prepare(List.of(module), parsedFlags(RuntimeNamespace.current()));
    return ControllerMain.run(module.name(), flags, prepared);
  }
}
