package io.capstan.kustomize.controller.cluster;

import io.capstan.runtime.cluster.KubeConfigOptions;
import io.capstan.runtime.cluster.WorkloadIdentityKubeConfig;
import java.util.Objects;

/**
 * How {@code spec.kubeConfig} may reach a remote cluster: what a kubeconfig Secret may do ({@code
 * --insecure-kubeconfig-exec}, {@code --insecure-kubeconfig-tls}) and how a {@code configMapRef}
 * gets its token (the {@code ObjectLevelWorkloadIdentity} gate, the default service account).
 *
 * @param kubeConfig the kubeconfig options
 * @param workloadIdentity the {@code configMapRef} options
 */
public record RemoteClusterAccess(
    KubeConfigOptions kubeConfig, WorkloadIdentityKubeConfig.Options workloadIdentity) {

  /** Flux's defaults: no exec plugins, TLS verified, no object-level workload identity. */
  public static final RemoteClusterAccess DEFAULTS =
      new RemoteClusterAccess(KubeConfigOptions.SECURE, WorkloadIdentityKubeConfig.Options.DEFAULT);

  /** Checks for nulls. */
  public RemoteClusterAccess {
    Objects.requireNonNull(kubeConfig, "kubeConfig");
    Objects.requireNonNull(workloadIdentity, "workloadIdentity");
  }
}
