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

  /** New module instances (they hold parsed flags), in start order. */
  static List<ControllerModule<?>> modules() {
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
