package io.capstan.cli;

import io.capstan.helm.controller.HelmControllerFlags;
import io.capstan.image.automation.controller.ImageAutomationControllerFlags;
import io.capstan.image.controller.ImageReflectorFlags;
import io.capstan.kustomize.controller.KustomizeControllerFlags;
import io.capstan.notification.NotificationControllerFlags;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.source.SourceControllerFlags;
import java.util.List;

/**
 * Every implemented controller, as the modules {@code capstan run} takes the flags of and runs in
 * one JVM (on one client and one operator, toolkit-runtime's {@code ControllerGroup}, which closes
 * everything it started). Adding a controller to {@code capstan run} is one line here.
 *
 * <p>notification-controller's intake listens on {@code --events-addr} (default here: a loopback
 * port, see {@code RunCommand}) and the events of every controller of the JVM are sent to it over
 * loopback, so Alerts see them without any URL to configure. It comes first: the forwarder to its
 * intake is a process event sink ({@code ProcessEventSinks}), which a reconciler takes when it is
 * built, so it must be installed before the other controllers register.
 */
final class AllControllers {

  private AllControllers() {}

  /**
   * Names {@code capstan run} is limited to when the system property {@value #SELECTION} (a comma
   * list of Flux names, e.g. {@code source-controller,kustomize-controller}) is set: the footprint
   * benchmark measures the idle RSS per number of controllers with it (issue #19).
   */
  static final String SELECTION = "capstan.run.controllers";

  /**
   * New module instances (they hold parsed flags), in start order: all of them, or those named by
   * {@value #SELECTION}.
   *
   * @throws IllegalArgumentException when {@value #SELECTION} names an unknown controller
   */
  static List<ControllerModule<?>> modules() {
    String selection = System.getProperty(SELECTION, "").trim();
    if (selection.isEmpty()) {
      return all();
    }
    List<String> names = List.of(selection.split("\\s*,\\s*"));
    List<ControllerModule<?>> all = all();
    for (String name : names) {
      if (all.stream().noneMatch(m -> m.name().equals(name))) {
        throw new IllegalArgumentException(
            SELECTION
                + ": unknown controller "
                + name
                + " (known: "
                + all.stream().map(ControllerModule::name).toList()
                + ")");
      }
    }
    return all.stream().filter(m -> names.contains(m.name())).toList();
  }

  private static List<ControllerModule<?>> all() {
    return List.of(
        // first: its intake becomes a process event sink before the other reconcilers are built
        new NotificationControllerFlags().receiveProcessEvents(), // events, Alert, Receiver
        new SourceControllerFlags(), // GitRepository; serves artifacts
        new KustomizeControllerFlags(), // Kustomization
        new HelmControllerFlags(), // HelmRelease
        ImageReflectorFlags.underSharedStorage(), // ImageRepository, ImagePolicy
        new ImageAutomationControllerFlags()); // ImageUpdateAutomation
  }
}
