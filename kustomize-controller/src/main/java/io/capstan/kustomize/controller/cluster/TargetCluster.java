package io.capstan.kustomize.controller.cluster;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.KubeConfigReference;
import io.capstan.api.meta.Reasons;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.cluster.ImpersonatedClients;
import io.capstan.runtime.cluster.RemoteKubeConfig;
import io.capstan.runtime.cluster.WorkloadIdentityKubeConfig;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The cluster and identity a Kustomization's objects are applied, pruned, health-checked and
 * deleted with, as Flux's impersonator chooses them: the cluster named by {@code spec.kubeConfig}
 * (a Secret's kubeconfig, or a {@code configMapRef} with provider {@code generic}) or else the
 * controller's own; impersonating {@code
 * system:serviceaccount:<namespace>:<spec.serviceAccountName>} (or the controller's default service
 * account) when one is set; else the controller's client unchanged.
 *
 * <p>Clients on the controller's cluster (its own, impersonating ones) come from {@link
 * ImpersonatedClients} and are reused; a remote cluster's client is built for one reconcile and
 * closed by {@link #close()}.
 */
public final class TargetCluster implements AutoCloseable {

  private final KubernetesClient client;
  private final boolean owned;
  private final String user;
  private ServerSideApplier applier;

  private TargetCluster(
      KubernetesClient client, boolean owned, String user, ServerSideApplier applier) {
    this.client = client;
    this.owned = owned;
    this.user = user;
    this.applier = applier;
  }

  /**
   * The target of {@code k}: reads the kubeconfig Secret with {@code controllerClient} when {@code
   * spec.kubeConfig} is set.
   *
   * @throws ReconcileError.Stalling for a {@code configMapRef} kubeconfig (not supported)
   * @throws ReconcileError.Waiting with {@code ReconciliationFailed} when the Secret is missing,
   *     has no kubeconfig under the key, or holds one that cannot be used
   */
  public static TargetCluster open(
      ImpersonatedClients clients, Kustomization k, String defaultServiceAccount) {
    return open(clients, k, defaultServiceAccount, RemoteClusterAccess.DEFAULTS);
  }

  /**
   * The target of {@code k}, a remote cluster reached as {@code access} allows: a kubeconfig Secret
   * ({@code secretRef}) or a workload identity ConfigMap ({@code configMapRef}, provider {@code
   * generic}).
   *
   * @throws ReconcileError.Stalling for a {@code configMapRef} naming a cloud provider
   * @throws ReconcileError.Waiting with {@code ReconciliationFailed} when the Secret or ConfigMap
   *     is missing or cannot be used
   */
  public static TargetCluster open(
      ImpersonatedClients clients,
      Kustomization k,
      String defaultServiceAccount,
      RemoteClusterAccess access) {
    String user = serviceAccountUser(k, defaultServiceAccount);
    KubeConfigReference ref = k.getSpec().getKubeConfig();
    if (ref == null) {
      ImpersonatedClients.Target target = user == null ? clients.controller() : clients.as(user);
      return new TargetCluster(target.client(), false, user, target.applier());
    }
    // A remote cluster: a client of its own, closed after the reconcile, so a rotated kubeconfig
    // Secret is read afresh every time (as Flux does).
    Config config = remoteConfig(clients.controller().client(), k, ref, access);
    if (user != null) {
      config.setImpersonateUsername(user);
    }
    return new TargetCluster(ImpersonatedClients.build(config), true, user, null);
  }

  /**
   * The user {@code k} is applied as: {@code system:serviceaccount:<ns>:<name>} for {@code
   * spec.serviceAccountName}, else for {@code defaultServiceAccount}, else null (no impersonation).
   */
  static String serviceAccountUser(Kustomization k, String defaultServiceAccount) {
    String name = serviceAccountName(k, defaultServiceAccount);
    return name == null
        ? null
        : "system:serviceaccount:" + k.getMetadata().getNamespace() + ":" + name;
  }

  /**
   * True unless {@code k} impersonates a service account that does not exist (Flux's {@code
   * CanImpersonate}): deletion then leaves the objects alone instead of failing forever.
   */
  public static boolean canImpersonate(
      KubernetesClient controllerClient, Kustomization k, String defaultServiceAccount) {
    String name = serviceAccountName(k, defaultServiceAccount);
    if (name == null) {
      return true;
    }
    try {
      return controllerClient
              .serviceAccounts()
              .inNamespace(k.getMetadata().getNamespace())
              .withName(name)
              .get()
          != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private static String serviceAccountName(Kustomization k, String defaultServiceAccount) {
    String name = k.getSpec().getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = defaultServiceAccount;
    }
    return name == null || name.isEmpty() ? null : name;
  }

  private static Config remoteConfig(
      KubernetesClient controllerClient,
      Kustomization k,
      KubeConfigReference ref,
      RemoteClusterAccess access) {
    if (ref.getSecretRef() == null && ref.getConfigMapRef() != null) {
      return workloadIdentityConfig(controllerClient, k, ref, access);
    }
    if (ref.getSecretRef() == null) {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_SPEC, "spec.kubeConfig must have a secretRef or a configMapRef");
    }
    String namespace = k.getMetadata().getNamespace();
    String secretName = namespace + "/" + ref.getSecretRef().getName();
    Secret secret = readSecret(controllerClient, namespace, ref.getSecretRef().getName());
    String encoded = kubeConfigValue(secret, secretName, ref.getSecretRef().getKey());
    String kubeconfig = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    try {
      return RemoteKubeConfig.parse(kubeconfig, access.kubeConfig());
    } catch (IllegalArgumentException e) {
      throw failed("KubeConfig secret '" + secretName + "': " + e.getMessage());
    }
  }

  private static Config workloadIdentityConfig(
      KubernetesClient controllerClient,
      Kustomization k,
      KubeConfigReference ref,
      RemoteClusterAccess access) {
    try {
      return WorkloadIdentityKubeConfig.resolve(
          controllerClient,
          k.getMetadata().getNamespace(),
          ref.getConfigMapRef().getName(),
          access.workloadIdentity());
    } catch (WorkloadIdentityKubeConfig.UnsupportedProviderException e) {
      throw new ReconcileError.Stalling(Reasons.INVALID_SPEC, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw failed(e.getMessage());
    }
  }

  private static Secret readSecret(
      KubernetesClient controllerClient, String namespace, String name) {
    String secretName = namespace + "/" + name;
    Secret secret;
    try {
      secret = controllerClient.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw failed(
          "unable to read KubeConfig secret '" + secretName + "' error: " + e.getMessage());
    }
    if (secret == null) {
      throw failed("unable to read KubeConfig secret '" + secretName + "' error: not found");
    }
    return secret;
  }

  /** The base64 kubeconfig under {@code key}, else {@code value}, else {@code value.yaml}. */
  private static String kubeConfigValue(Secret secret, String secretName, String key) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    if (key != null && !key.isEmpty()) {
      String encoded = data.get(key);
      if (encoded == null) {
        throw failed(
            "KubeConfig secret '"
                + secretName
                + "' does not contain a '"
                + key
                + "' key with a kubeconfig");
      }
      return encoded;
    } else if (data.containsKey("value")) {
      return data.get("value");
    } else if (data.containsKey("value.yaml")) {
      return data.get("value.yaml");
    }
    throw failed(
        "KubeConfig secret '" + secretName + "' does not contain a 'value' key with a kubeconfig");
  }

  private static ReconcileError failed(String message) {
    return new ReconcileError.Waiting(Reasons.RECONCILIATION_FAILED, message)
        .withEvent(EventType.WARNING);
  }

  /** The client to apply, prune, check and delete with. */
  public KubernetesClient client() {
    return client;
  }

  /** The impersonated user, or null. */
  public String user() {
    return user;
  }

  /** A server-side applier on this target (created once, with its own discovery cache). */
  public synchronized ServerSideApplier applier() {
    if (applier == null) {
      applier = new ServerSideApplier(client);
    }
    return applier;
  }

  /** Closes a client built for this target; the controller's client stays open. */
  @Override
  public void close() {
    if (owned) {
      client.close();
    }
  }
}
