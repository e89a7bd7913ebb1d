package io.capstan.kustomize.controller.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * A hook into {@link KustomizeBuild} at the two points where Flux's build lets a feature act
 * ({@link io.capstan.kustomize.controller.decryption.SopsBuildExtension} does both): on the
 * extracted source tree before {@code kustomize build} reads it, and on the built objects before
 * post-build substitution and {@code commonMetadata}. Either method reports a failure by throwing;
 * the build then fails with {@code BuildFailed} (or the {@link
 * io.capstan.runtime.reconcile.ReconcileError} it throws, e.g. {@code ReconciliationFailed} for an
 * encrypted Secret without {@code spec.decryption}), and nothing is applied.
 */
public interface BuildExtension {

  /**
   * Prepares the source tree, e.g. decrypts encrypted files a generator reads. Runs after the
   * generated {@code kustomization.yaml} and overlay are written into {@link BuildRequest#dir()}.
   */
  default void prepareSourceTree(BuildRequest request) throws IOException {}

  /**
   * Post-processes the objects {@code kustomize build} produced, e.g. decrypts encrypted Secrets;
   * returns the objects to continue with (may be the same list).
   */
  default List<JsonNode> postProcess(BuildRequest request, List<JsonNode> objects)
      throws IOException {
    return objects;
  }
}
