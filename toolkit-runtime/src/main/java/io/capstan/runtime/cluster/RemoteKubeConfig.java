package io.capstan.runtime.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kubeconfig from a Secret turned into a client configuration the way Flux sanitizes it ({@code
 * fluxcd/pkg/runtime/client.KubeConfig}): only the current context's server, CA, client certificate
 * and key <em>data</em>, bearer token and basic-auth credentials are used. Files and {@code
 * auth-provider} plugins are never honoured, so a tenant's kubeconfig cannot read files in the
 * controller; an {@code exec} plugin runs only with {@link KubeConfigOptions#insecureExecProvider}
 * ({@code --insecure-kubeconfig-exec}) and is refused otherwise, and {@code
 * insecure-skip-tls-verify} is honoured only with {@link KubeConfigOptions#insecureTls} ({@code
 * --insecure-kubeconfig-tls}; otherwise ignored and TLS verified, as Flux does).
 */
public final class RemoteKubeConfig {

  private RemoteKubeConfig() {}

  /**
   * The configuration of {@code kubeconfig}'s current context with Flux's defaults ({@link
   * KubeConfigOptions#SECURE}).
   *
   * @throws IllegalArgumentException as {@link #parse(String, KubeConfigOptions)}
   */
  public static Config parse(String kubeconfig) {
    return parse(kubeconfig, KubeConfigOptions.SECURE);
  }

  /**
   * The configuration of {@code kubeconfig}'s current context (its only context when none is
   * current), with no defaults taken from the controller's environment.
   *
   * @throws IllegalArgumentException when it cannot be parsed, names no usable server, relies on an
   *     auth-provider plugin, or on an exec plugin that {@code options} do not allow (or that
   *     fails)
   */
  public static Config parse(String kubeconfig, KubeConfigOptions options) {
    io.fabric8.kubernetes.api.model.Config parsed;
    try {
      parsed = KubeConfigUtils.parseConfigFromString(kubeconfig);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid kubeconfig: " + e.getMessage(), e);
    }
    if (parsed == null) {
      throw new IllegalArgumentException("invalid kubeconfig: empty");
    }
    NamedContext named = currentContext(parsed);
    Context context = named.getContext();
    if (context == null || context.getCluster() == null) {
      throw new IllegalArgumentException(
          "kubeconfig context '" + named.getName() + "' names no cluster");
    }
    Cluster cluster =
        find(parsed.getClusters(), NamedCluster::getName, context.getCluster())
            .map(NamedCluster::getCluster)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "kubeconfig has no cluster '" + context.getCluster() + "'"));
    if (cluster.getServer() == null || cluster.getServer().isBlank()) {
      throw new IllegalArgumentException(
          "kubeconfig cluster '" + context.getCluster() + "' has no server");
    }
    Config config = Config.empty();
    config.setMasterUrl(cluster.getServer());
    config.setCaCertData(cluster.getCertificateAuthorityData());
    boolean insecure =
        options.insecureTls() && Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify());
    config.setTrustCerts(insecure);
    config.setDisableHostnameVerification(insecure);
    if (context.getNamespace() != null) {
      config.setNamespace(context.getNamespace());
    }
    if (context.getUser() != null) {
      AuthInfo user =
          find(parsed.getUsers(), NamedAuthInfo::getName, context.getUser())
              .map(NamedAuthInfo::getUser)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "kubeconfig has no user '" + context.getUser() + "'"));
      if (user.getAuthProvider() != null) {
        throw new IllegalArgumentException(
            "kubeconfig user '"
                + context.getUser()
                + "' uses an auth-provider plugin, which is not allowed");
      }
      config.setClientCertData(user.getClientCertificateData());
      config.setClientKeyData(user.getClientKeyData());
      config.setOauthToken(user.getToken());
      if (user.getExec() != null) {
        if (!options.insecureExecProvider()) {
          throw new IllegalArgumentException(
              "kubeconfig user '"
                  + context.getUser()
                  + "' uses an exec plugin, which is not allowed"
                  + " (the controller's --insecure-kubeconfig-exec flag allows it)");
        }
        ExecCredentials.apply(cluster, user, config);
      }
      config.setUsername(user.getUsername());
      config.setPassword(user.getPassword());
    }
    return config;
  }

  private static NamedContext currentContext(io.fabric8.kubernetes.api.model.Config parsed) {
    List<NamedContext> contexts = parsed.getContexts() == null ? List.of() : parsed.getContexts();
    String current = parsed.getCurrentContext();
    if (current != null && !current.isEmpty()) {
      return find(contexts, NamedContext::getName, current)
          .orElseThrow(
              () -> new IllegalArgumentException("kubeconfig has no context '" + current + "'"));
    }
    if (contexts.size() == 1) {
      return contexts.get(0);
    }
    throw new IllegalArgumentException("kubeconfig has no current-context");
  }

  private static <T> Optional<T> find(List<T> items, Function<T, String> name, String wanted) {
    return items == null
        ? Optional.empty()
        : items.stream().filter(i -> wanted.equals(name.apply(i))).findFirst();
  }
}
