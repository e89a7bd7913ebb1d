package io.capstan.cli;

import io.capstan.image.controller.ImageReflectorFlags;
import io.capstan.kustomize.controller.KustomizeControllerFlags;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.source.SourceControllerFlags;
import java.util.List;

/**
 * Every implemented controller, as the modules {@code capstan run} takes the flags of and runs in
 * one JVM (on one client and one operator, toolkit-runtime's {@code ControllerGroup}, which closes
 * everything it started). Adding a controller to {@code capstan run} is one line here.
 */
final class AllControllers {

  private AllControllers() {}

  /** New module instances (they hold parsed flags), in start order. */
  static List<ControllerModule<?>> modules() {
    return List.of(
        new SourceControllerFlags(), // GitRepository; serves artifacts
        new KustomizeControllerFlags(), // Kustomization
        ImageReflectorFlags.underSharedStorage()); // ImageRepository, ImagePolicy
  }
}
