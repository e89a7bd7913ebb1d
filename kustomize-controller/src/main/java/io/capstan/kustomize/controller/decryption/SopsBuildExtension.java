package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.Reasons;
import io.capstan.kustomize.controller.KustomizationConditions;
import io.capstan.kustomize.controller.build.BuildExtension;
import io.capstan.kustomize.controller.build.BuildRequest;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import java.nio.file.Path;
import java.util.List;

/**
 * SOPS decryption in a Kustomization's build, as Flux's kustomize-controller does it: the encrypted
 * files the kustomization uses are decrypted in the extracted tree before {@code kustomize build}
 * ({@link BuildDecryption#decryptSources}), and objects still carrying a {@code sops} block are
 * decrypted after it ({@link BuildDecryption#decryptResources}), before post-build substitution.
 * One extension per reconcile, built from the keys read in the {@code checkDecryption} step.
 *
 * <p>Without a decryptor (no {@code spec.decryption}) nothing is decrypted, and a built v1 Secret
 * that is still SOPS encrypted fails the reconcile with {@code ReconciliationFailed} ("... is SOPS
 * encrypted, configuring decryption is required for this secret to be reconciled"), as in Flux. A
 * decryption failure is {@code BuildFailed} (Warning event), files named relative to the artifact;
 * decrypted values go to the decryptor's redaction hook as they are produced.
 */
public final class SopsBuildExtension implements BuildExtension {

  private final SopsDecryptor decryptor;

  /**
   * @param decryptor the Kustomization's keys, or null when it has no {@code spec.decryption}
   */
  public SopsBuildExtension(SopsDecryptor decryptor) {
    this.decryptor = decryptor;
  }

  /** Whether this build decrypts (the Kustomization has {@code spec.decryption}). */
  public boolean decrypts() {
    return decryptor != null;
  }

  @Override
  public void prepareSourceTree(BuildRequest request) {
    if (decryptor == null) {
      return;
    }
    try {
      BuildDecryption.decryptSources(request.root(), request.dir(), decryptor);
    } catch (SopsDecryptionException e) {
      throw buildFailed(e, request.root());
    }
  }

  @Override
  public List<JsonNode> postProcess(BuildRequest request, List<JsonNode> objects) {
    if (decryptor != null) {
      try {
        return BuildDecryption.decryptResources(objects, decryptor);
      } catch (SopsDecryptionException e) {
        throw buildFailed(e, request.root());
      }
    }
    for (JsonNode object : objects) {
      if (BuildDecryption.isEncryptedSecret(object)) {
        throw new ReconcileError.Waiting(
                Reasons.RECONCILIATION_FAILED,
                BuildDecryption.describe(object)
                    + " is SOPS encrypted, configuring decryption is required for this secret to"
                    + " be reconciled")
            .withEvent(EventType.WARNING);
      }
    }
    return objects;
  }

  /**
   * {@code BuildFailed} with {@code message}: a Warning event, retried after the retry interval.
   */
  public static ReconcileError buildFailed(String message) {
    return new ReconcileError.Waiting(KustomizationConditions.BUILD_FAILED, message)
        .withEvent(EventType.WARNING);
  }

  private static ReconcileError buildFailed(SopsDecryptionException e, Path root) {
    // Name files relative to the artifact, not the temporary directory it was extracted to.
    return buildFailed(String.valueOf(e.getMessage()).replace(root.toString() + "/", ""));
  }
}
