package io.capstan.image.automation.update;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.image.v1.UpdateStrategy;
import io.capstan.api.image.v1.UpdateStrategyName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Flux's {@code policy.ApplyPolicies}: applies an ImageUpdateAutomation's {@code spec.update} to a
 * checked-out work tree — the {@code Setters} strategy over {@code spec.update.path} (default: the
 * root) with the given ImagePolicies.
 */
public final class PolicyApplier {

  private PolicyApplier() {}

  /**
   * Updates the files of {@code workTree} as {@code automation} asks.
   *
   * @throws UpdateStrategyException when {@code spec.update} is missing or not {@code Setters} (a
   *     missing {@code strategy} is the CRD default, {@code Setters})
   * @throws IOException when the path escapes the work tree or files cannot be read or written
   */
  public static UpdateResult apply(
      Path workTree, ImageUpdateAutomation automation, Collection<ImagePolicy> policies)
      throws UpdateStrategyException, IOException {
    UpdateStrategy update = automation.getSpec() == null ? null : automation.getSpec().getUpdate();
    if (update == null) {
      throw new UpdateStrategyException("no update strategy");
    }
    UpdateStrategyName strategy =
        update.getStrategy() == null ? UpdateStrategyName.Setters : update.getStrategy();
    if (strategy != UpdateStrategyName.Setters) {
      throw new UpdateStrategyException("unsupported update strategy: " + strategy);
    }
    Path root = SetterUpdater.resolveUpdatePath(workTree, update.getPath());
    return SetterUpdater.forPolicies(policies).update(root);
  }
}
