package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryConditions.SOURCE_VERIFIED;
import static io.capstan.source.controller.GitRepositoryConditions.VERIFICATION_ERROR;

import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryVerification;
import io.capstan.git.Commit;
import io.capstan.git.CommitVerifier;
import io.capstan.git.Verification;
import io.capstan.git.VerificationException;
import io.capstan.git.VerificationMode;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import java.util.Map;

/**
 * {@code spec.verify} for a checked-out commit (Flux's {@code verifySignature}): success marks
 * {@code SourceVerified=True} and records the mode in {@code status.sourceVerificationMode}; a bad
 * or missing signature marks {@code SourceVerified=False} with Flux's reason and is retried (the
 * keys or the upstream may change), except a tag mode without a tag, which stalls. Without {@code
 * spec.verify} the condition and the mode are removed.
 */
final class SignatureCheck {

  private SignatureCheck() {}

  static void verify(ReconcileContext<GitRepository> ctx, Secrets secrets, Commit commit) {
    GitRepository repo = ctx.resource();
    GitRepositoryVerification verify = repo.getSpec().getVerify();
    if (verify == null || verify.getMode() == null) {
      repo.getStatus().setSourceVerificationMode(null);
      ctx.conditions().delete(SOURCE_VERIFIED);
      return;
    }
    VerificationMode mode = VerificationMode.parse(verify.getMode().name());
    String ns = repo.getMetadata().getNamespace();
    String name = verify.getSecretRef() == null ? "" : verify.getSecretRef().getName();
    Map<String, byte[]> keys =
        secrets
            .read(ns, name)
            .orElseThrow(
                () ->
                    failed(
                        ctx,
                        VERIFICATION_ERROR,
                        "PGP public keys secret error: " + Secrets.notFound("secret", ns, name)));
    try {
      Verification verification = CommitVerifier.fromSecret(keys).verify(commit, mode);
      repo.getStatus().setSourceVerificationMode(mode.fluxName());
      ctx.conditions().markTrue(SOURCE_VERIFIED, Reasons.SUCCEEDED, verification.message());
    } catch (VerificationException e) {
      ctx.conditions().markFalse(SOURCE_VERIFIED, e.reason(), e.getMessage());
      if (e.isStalling()) {
        throw new ReconcileError.Stalling(e.reason(), e.getMessage(), e);
      }
      throw new ReconcileError.Generic(e.reason(), e.getMessage(), e);
    }
  }

  private static ReconcileError.Generic failed(
      ReconcileContext<GitRepository> ctx, String reason, String message) {
    ctx.conditions().markFalse(SOURCE_VERIFIED, reason, message);
    return new ReconcileError.Generic(reason, message);
  }
}
