package io.capstan.runtime.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;

/**
 * A client for a kubeconfig user that logs in with a client certificate only.
 *
 * <p>Why: fabric8 7.5's token refresh interceptor re-reads and re-parses the kubeconfig before a
 * request once a minute has passed since the last token it found. A certificate user has no token,
 * so that minute never restarts and, after the first minute, <em>every</em> request re-parses the
 * kubeconfig YAML: a third of the CPU of a busy controller in the Kustomization benchmark
 * (BENCHMARKS.md). For such a user there is no token to refresh, so the interceptor is replaced by
 * one that does nothing. Any other login (token, basic auth, auth provider, token provider) keeps
 * fabric8's refresh.
 */
public final class ClientCertificateLogin {

  private ClientCertificateLogin() {}

  /**
   * Whether {@code config} authenticates with a client certificate and with nothing a refresh could
   * renew.
   */
  public static boolean appliesTo(Config config) {
    boolean certificate = config.getClientCertFile() != null || config.getClientCertData() != null;
    return certificate
        && config.getOauthToken() == null
        && config.getAutoOAuthToken() == null
        && config.getOauthTokenProvider() == null
        && config.getAuthProvider() == null
        && config.getUsername() == null;
  }

  /**
   * A client builder for {@code config}; without the token refresh when {@link #appliesTo} holds.
   */
  public static KubernetesClientBuilder builder(Config config) {
    return builder(config, null);
  }

  /**
   * As {@link #builder(Config)}, with {@code limiter} (when not null) throttling every request
   * ({@code --kube-api-qps}/{@code --kube-api-burst}).
   */
  public static KubernetesClientBuilder builder(Config config, ApiRateLimiter limiter) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
    boolean certificate = appliesTo(config);
    if (certificate || limiter != null) {
      builder.withHttpClientBuilderConsumer(
          b -> {
            if (certificate) {
              b.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, new Interceptor() {});
            }
            if (limiter != null) {
              b.addOrReplaceInterceptor(ApiRateLimiter.NAME, limiter);
            }
          });
    }
    return builder;
  }
}
