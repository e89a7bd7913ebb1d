package io.capstan.image.automation.controller;

import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The reconcilers {@link ImageAutomationController} registers, built from the controller's
 * settings. This is the one place a reconciler of this module is wired in: the
 * ImageUpdateAutomation reconciler (clone, {@link
 * io.capstan.image.automation.update.SetterUpdater}, {@link
 * io.capstan.image.automation.commit.CommitMessage}, commit, push on toolkit-git) is the one entry
 * of the list {@link #of} returns ({@link ImageUpdateAutomationController#register}).
 */
final class AutomationReconcilers {

  /** One reconciler's registration with an operator. */
  @FunctionalInterface
  interface Registration {
    /** Registers the reconciler (with its controller configuration) with {@code operator}. */
    void register(Operator operator) throws IOException;
  }

  private AutomationReconcilers() {}

  /** The registrations for {@code controller}, in registration order. */
  static List<Registration> of(ImageAutomationController controller) {
    return List.of(
        operator ->
            ImageUpdateAutomationController.register(
                operator,
                controller.client(),
                controller.watchNamespaces(),
                controller.meterRegistry(),
                new ImageUpdateAutomationReconciler(
                    controller.client(),
                    controller.noCrossNamespaceRefs(),
                    controller.featureGates().gitForcePushBranch(),
                    null,
                    Clock.systemUTC(),
                    ImageUpdateAutomationReconciler.defaultUpdates(
                        controller.featureGates().gitShallowClone()))));
  }
}
