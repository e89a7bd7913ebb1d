package io.capstan.runtime.cluster;

/**
 * What a tenant's kubeconfig may do beyond Flux's safe defaults, as Flux's {@code
 * --insecure-kubeconfig-exec} and {@code --insecure-kubeconfig-tls} flags ({@code
 * fluxcd/pkg/runtime/client.KubeConfigOptions}).
 *
 * @param insecureExecProvider run the {@code user.exec} credential plugin of a kubeconfig (a
 *     program in the controller's container); off by default
 * @param insecureTls honour {@code insecure-skip-tls-verify: true}; off by default (then TLS is
 *     verified regardless, as Flux does)
 */
public record KubeConfigOptions(boolean insecureExecProvider, boolean insecureTls) {

  /** Flux's defaults: no exec plugins, TLS always verified. */
  public static final KubeConfigOptions SECURE = new KubeConfigOptions(false, false);
}
