package io.capstan.source.controller;

import static io.capstan.source.controller.OCIRepositoryConditions.INVALID_PROVIDER_CONFIGURATION;
import static io.capstan.source.controller.OCIRepositoryConditions.URL_INVALID;

import io.capstan.api.source.v1.OCIProvider;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.api.source.v1.OCIRepositorySpec;
import io.capstan.oci.Credentials;
import io.capstan.oci.DockerConfig;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciReference;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an OCIRepository's {@code url}, {@code provider}, {@code secretRef}, {@code
 * serviceAccountName}, {@code certSecretRef}, {@code proxySecretRef}, {@code insecure} and {@code
 * timeout} into a registry client, failing with Flux's conditions: an invalid URL or a cloud
 * provider stalls; a missing or unusable Secret marks {@code FetchFailed=True/AuthenticationFailed}
 * and is retried. Secret values are registered for redaction and never appear in messages.
 */
final class OCIRepositoryAccess {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";

  private final OCIRepositoryReconciler owner;

  OCIRepositoryAccess(OCIRepositoryReconciler owner) {
    this.owner = owner;
  }

  /** The repository reference of {@code spec.url}; stalls when it cannot be parsed. */
  static OciReference repository(OCIRepository repo) {
    OCIRepositorySpec spec = repo.getSpec();
    requireGenericProvider(
        spec.getProvider(),
        " with a secretRef (kubernetes.io/dockerconfigjson) or serviceAccountName");
    String url = spec.getUrl();
    if (url == null || !url.startsWith("oci://")) {
      throw new ReconcileError.Stalling(
          URL_INVALID, "URL must be in format 'oci://<domain>/<org>/<repo>'");
    }
    try {
      OciReference ref = OciReference.parse(url);
      if (ref.tag() != null || ref.digest() != null) {
        throw new IllegalArgumentException(
            "the URL must not contain a tag or digest, use spec.ref");
      }
      return ref;
    } catch (IllegalArgumentException e) {
      throw new ReconcileError.Stalling(
          URL_INVALID, "failed to parse url '" + url + "': " + e.getMessage());
    }
  }

  /**
   * Stalls with {@code InvalidProviderConfiguration} unless {@code provider} is unset or {@code
   * generic} (cloud providers are not supported yet); {@code hint} ends the message.
   */
  static void requireGenericProvider(OCIProvider provider, String hint) {
    if (provider != null && provider != OCIProvider.generic) {
      throw new ReconcileError.Stalling(
          INVALID_PROVIDER_CONFIGURATION,
          "provider '"
              + provider
              + "' is not supported yet by Capstan's source-controller; use provider 'generic'"
              + hint);
    }
  }

  static Duration timeout(OCIRepositorySpec spec) {
    String t = spec.getTimeout();
    return t == null || t.isBlank() ? DEFAULT_TIMEOUT : GoDuration.parse(t);
  }

  /** A client configured from the object's Secrets (cached by their content). */
  OciClient client(ReconcileContext<OCIRepository> ctx, OciReference ref) {
    OCIRepository repo = ctx.resource();
    OCIRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    MessageDigest fingerprint = io.capstan.oci.Digests.newSha256();
    Duration timeout = timeout(spec);
    boolean insecure = Boolean.TRUE.equals(spec.getInsecure());
    fingerprint.update((insecure + "|" + timeout + "|").getBytes(StandardCharsets.UTF_8));
    OciClientOptions.Builder options =
        OciClientOptions.builder().insecure(insecure).timeout(timeout).maxAttempts(3);

    List<DockerConfig> configs = new ArrayList<>();
    if (spec.getSecretRef() != null) {
      String name = spec.getSecretRef().getName();
      Map<String, byte[]> data =
          owner.parts().secrets().require(ns, name, "secret", "failed to get credential: ");
      configs.add(dockerConfig(ctx, ns, name, data, fingerprint));
    }
    if (spec.getServiceAccountName() != null && !spec.getServiceAccountName().isBlank()) {
      String sa = spec.getServiceAccountName();
      ServiceAccount account =
          owner.parts().client().serviceAccounts().inNamespace(ns).withName(sa).get();
      if (account == null) {
        throw authFailed("failed to get credential: serviceaccounts \"" + sa + "\" not found");
      }
      if (account.getImagePullSecrets() != null) {
        for (LocalObjectReference pull : account.getImagePullSecrets()) {
          owner
              .parts()
              .secrets()
              .read(ns, pull.getName())
              .ifPresent(
                  data -> configs.add(dockerConfig(ctx, ns, pull.getName(), data, fingerprint)));
        }
      }
    }
    if (!configs.isEmpty()) {
      options.credentials(
          registry ->
              configs.stream()
                  .map(c -> c.credentialsFor(registry))
                  .flatMap(Optional::stream)
                  .findFirst());
    }
    if (spec.getCertSecretRef() != null) {
      String name = spec.getCertSecretRef().getName();
      Map<String, byte[]> data =
          owner
              .parts()
              .secrets()
              .require(ns, name, "certificate secret", "failed to get TLS config: ");
      options.sslContext(
          Secrets.registryTls(Secrets.tls(data, true, ctx::redact), ns, name, fingerprint));
    }
    if (spec.getProxySecretRef() != null) {
      String name = spec.getProxySecretRef().getName();
      Map<String, byte[]> data =
          owner
              .parts()
              .secrets()
              .require(ns, name, "proxy secret", "failed to configure proxy options: ");
      byte[] address = data.get("address");
      if (address == null) {
        throw authFailed(
            "invalid proxy secret '" + ns + "/" + name + "': key 'address' is missing");
      }
      URI uri = URI.create(new String(address, StandardCharsets.UTF_8).trim());
      if (uri.getHost() == null) {
        throw authFailed("invalid proxy secret '" + ns + "/" + name + "': invalid 'address'");
      }
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      byte[] user = data.get("username");
      byte[] pass = data.get("password");
      if (pass != null) {
        ctx.redact(new String(pass, StandardCharsets.UTF_8).trim());
      }
      options.proxy(
          InetSocketAddress.createUnresolved(uri.getHost(), port),
          user == null
              ? null
              : new Credentials(
                  new String(user, StandardCharsets.UTF_8),
                  pass == null ? "" : new String(pass, StandardCharsets.UTF_8)));
      Secrets.feed(fingerprint, address, user, pass);
    }
    String key = ref.registry() + "|" + HexFormat.of().formatHex(fingerprint.digest());
    return owner.registryClient(key, options.build());
  }

  private static DockerConfig dockerConfig(
      ReconcileContext<?> ctx,
      String ns,
      String name,
      Map<String, byte[]> data,
      MessageDigest fingerprint) {
    byte[] json = data.get(DOCKER_CONFIG_KEY);
    if (json == null) {
      throw authFailed(
          "failed to get credential: secret '"
              + ns
              + "/"
              + name
              + "' has no '"
              + DOCKER_CONFIG_KEY
              + "' key (type kubernetes.io/dockerconfigjson expected)");
    }
    return Secrets.dockerConfig(json, ns, name, ctx::redact, fingerprint);
  }

  private static ReconcileError.Generic authFailed(String message) {
    return Secrets.authFailed(message);
  }
}
