package io.capstan.source.controller;

import static io.capstan.source.controller.OCIRepositoryConditions.SOURCE_VERIFIED;
import static io.capstan.source.controller.OCIRepositoryConditions.VERIFICATION_ERROR;

import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.api.source.v1.OCIRepositoryVerification;
import io.capstan.api.source.v1.VerificationProvider;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import io.capstan.oci.OciReference;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.source.oci.CosignVerifier;
import java.util.Map;

/**
 * {@code spec.verify} of an OCIRepository (Flux's {@code verifySignature}): cosign with public keys
 * from {@code secretRef} is checked before anything is pulled; success marks {@code
 * SourceVerified=True}, failure {@code SourceVerified=False/VerificationError} and nothing is
 * stored (the previous artifact stays). Keyless cosign and notation stall with a clear "not
 * supported yet" condition.
 */
final class OCIRepositoryVerify {

  private OCIRepositoryVerify() {}

  /** Stalls for verification setups Capstan cannot check yet. */
  static void validate(OCIRepositoryVerification verify) {
    if (verify == null) {
      return;
    }
    VerificationProvider provider =
        verify.getProvider() == null ? VerificationProvider.cosign : verify.getProvider();
    if (provider == VerificationProvider.notation) {
      throw new ReconcileError.Stalling(
          VERIFICATION_ERROR,
          "verification provider 'notation' is not supported yet by Capstan's source-controller");
    }
    if (verify.getSecretRef() == null) {
      throw new ReconcileError.Stalling(
          VERIFICATION_ERROR,
          "keyless cosign verification (no secretRef) is not supported yet by Capstan's"
              + " source-controller; set verify.secretRef to a Secret with cosign public keys");
    }
  }

  static void verify(
      ReconcileContext<OCIRepository> ctx,
      Secrets secrets,
      OciClient client,
      OciReference artifact,
      String revision) {
    OCIRepository repo = ctx.resource();
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getSpec().getVerify().getSecretRef().getName();
    Map<String, byte[]> data =
        secrets
            .read(ns, name)
            .orElseThrow(
                () ->
                    failed(
                        ctx,
                        "failed to verify the signature using provider 'cosign': "
                            + Secrets.notFound("secret", ns, name)));
    CosignVerifier verifier;
    try {
      verifier = CosignVerifier.fromSecret(data);
    } catch (IllegalArgumentException e) {
      throw failed(
          ctx, "failed to verify the signature using provider 'cosign': " + e.getMessage());
    }
    try {
      verifier.verify(client, artifact);
    } catch (CosignVerifier.SignatureException e) {
      throw failed(
          ctx, "failed to verify the signature using provider 'cosign': " + e.getMessage());
    } catch (OciException e) {
      throw failed(
          ctx,
          "failed to verify the signature using provider 'cosign': cannot read signatures: "
              + e.getMessage());
    }
    ctx.conditions()
        .markTrue(SOURCE_VERIFIED, Reasons.SUCCEEDED, "verified signature of revision " + revision);
  }

  private static ReconcileError.Generic failed(
      ReconcileContext<OCIRepository> ctx, String message) {
    ctx.conditions().markFalse(SOURCE_VERIFIED, VERIFICATION_ERROR, message);
    return new ReconcileError.Generic(VERIFICATION_ERROR, message);
  }
}
