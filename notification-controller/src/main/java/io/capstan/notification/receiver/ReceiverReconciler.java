package io.capstan.notification.receiver;

import io.capstan.api.meta.Reasons;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.api.notification.v1.ReceiverStatus;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Reconciles a Receiver as Flux's ReceiverReconciler: validates the type (types not implemented yet
 * stall with {@code ReceiverNotSupported}) and the {@code resourceFilter} (an invalid expression
 * stalls with {@code InvalidCELExpression}), reads the {@code token} of {@code secretRef} (missing:
 * {@code Ready=False}/{@code TokenNotFound}, retried) and publishes {@code status.webhookPath};
 * Ready is then {@code True}/{@code Succeeded} "Receiver initialized for path: /hook/...".
 */
public final class ReceiverReconciler implements KindReconciler<Receiver> {

  /** The reporting controller. */
  public static final String CONTROLLER_NAME = "notification-controller";

  /** Flux's reason when the token Secret or key is missing. */
  public static final String TOKEN_NOT_FOUND = "TokenNotFound";

  /** Reason of a Receiver type Capstan does not implement yet. */
  public static final String NOT_SUPPORTED = "ReceiverNotSupported";

  /** Reason of an invalid {@code resourceFilter}. */
  public static final String INVALID_CEL = "InvalidCELExpression";

  /** Flux's reason for an invalid {@code oidcProviders} list. */
  public static final String VALIDATION_FAILED = "ValidationFailed";

  private final KubernetesClient client;

  /** Reads Secrets through {@code client}. */
  public ReceiverReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public ConditionTable conditions() {
    return ConditionTable.builder().build();
  }

  @Override
  public List<Step<ReconcileContext<Receiver>>> steps() {
    return List.of(
        Step.of("validateSpec", this::validateSpec),
        Step.of("reconcileToken", this::reconcileToken));
  }

  @Override
  public Duration interval(Receiver resource) {
    String interval = resource.getSpec() == null ? null : resource.getSpec().getInterval();
    return interval == null || interval.isBlank()
        ? Duration.ofMinutes(10)
        : GoDuration.parse(interval);
  }

  private StepResult validateSpec(ReconcileContext<Receiver> context) {
    Receiver receiver = context.resource();
    String type = typeName(receiver);
    if (!WebhookValidator.SUPPORTED.contains(type)) {
      throw new ReconcileError.Stalling(
          NOT_SUPPORTED, "receiver type '" + type + "' is not supported yet by Capstan");
    }
    if ("generic-oidc".equals(type)) {
      try {
        GenericOidcVerifier.validateSpec(receiver.getSpec().getOidcProviders());
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(
            GenericOidcVerifier.isCelError(e) ? INVALID_CEL : VALIDATION_FAILED, e.getMessage());
      }
    }
    String filter = receiver.getSpec().getResourceFilter();
    if (filter != null && !filter.isBlank()) {
      try {
        ResourceFilter.compile(filter);
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(INVALID_CEL, e.getMessage());
      }
    }
    return StepResult.SUCCESS;
  }

  private StepResult reconcileToken(ReconcileContext<Receiver> context) {
    Receiver receiver = context.resource();
    // generic-oidc has no secretRef: its path is salted with an empty token, as Flux's
    String token = "generic-oidc".equals(typeName(receiver)) ? "" : token(client, receiver);
    if (token == null) {
      String secret =
          receiver.getSpec().getSecretRef() == null
              ? "<none>"
              : receiver.getSpec().getSecretRef().getName();
      throw new ReconcileError.Generic(
          TOKEN_NOT_FOUND,
          "unable to read token from secret '"
              + receiver.getMetadata().getNamespace()
              + "/"
              + secret
              + "': required field 'token'");
    }
    if (!token.isEmpty()) {
      context.redact(token);
    }
    String path =
        WebhookPath.of(
            token, receiver.getMetadata().getName(), receiver.getMetadata().getNamespace());
    if (receiver.getStatus() == null) {
      receiver.setStatus(new ReceiverStatus());
    }
    receiver.getStatus().setWebhookPath(path);
    context.succeededWith(Reasons.SUCCEEDED, "Receiver initialized for path: " + path);
    return StepResult.SUCCESS;
  }

  /** The type as Flux spells it. */
  public static String typeName(Receiver receiver) {
    return receiver.getSpec().getType().name().replace('_', '-');
  }

  /** The {@code token} key of the Receiver's secretRef, or null. */
  public static String token(KubernetesClient client, Receiver receiver) {
    return secretValue(client, receiver, "token");
  }

  /** The {@code key} of the Receiver's secretRef, or null. */
  public static String secretValue(KubernetesClient client, Receiver receiver, String key) {
    if (receiver.getSpec().getSecretRef() == null) {
      return null;
    }
    Secret secret;
    try {
      secret =
          client
              .secrets()
              .inNamespace(receiver.getMetadata().getNamespace())
              .withName(receiver.getSpec().getSecretRef().getName())
              .get();
    } catch (RuntimeException e) {
      return null;
    }
    if (secret == null) {
      return null;
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(key);
    }
    return null;
  }
}
