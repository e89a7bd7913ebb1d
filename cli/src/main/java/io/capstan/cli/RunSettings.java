package io.capstan.cli;

import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.ProcessSettings;
import java.util.List;
import java.util.Objects;

/**
 * What {@code capstan run} resolved from its flags: the process settings (endpoints, logging,
 * leader election) and every controller's validated options.
 *
 * @param process endpoints, logging and leader election of the one process
 * @param controllers the controllers to run, in start order
 */
record RunSettings(ProcessSettings process, List<ControllerModule.Prepared> controllers) {

  RunSettings {
    Objects.requireNonNull(process, "process");
    controllers = List.copyOf(controllers);
  }

  /** The options record of type {@code type} (one controller's options). */
  <O> O options(Class<O> type) {
    return controllers.stream()
        .map(ControllerModule.Prepared::options)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no controller with " + type.getName()));
  }

  /** The controllers' names, for messages. */
  String names() {
    List<String> names = controllers.stream().map(ControllerModule.Prepared::name).toList();
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1))
            + " and "
            + names.get(names.size() - 1);
  }
}
