package io.capstan.source.controller;

import static io.capstan.source.controller.HelmChartConditions.URL_INVALID;

import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.HelmRepositorySpec;
import io.capstan.oci.Credentials;
import io.capstan.oci.DockerConfig;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciReference;
import io.capstan.oci.TlsSettings;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The registry client of a HelmRepository of {@code type: oci}, as a HelmChart uses it: the URL
 * must be {@code oci://}, {@code provider} must be {@code generic}; credentials come from {@code
 * secretRef} (a {@code kubernetes.io/dockerconfigjson} Secret, or {@code username}/{@code
 * password}), TLS from {@code certSecretRef} ({@code ca.crt}, {@code tls.crt}, {@code tls.key}),
 * plus {@code insecure} and {@code timeout}. Secret values are registered for redaction.
 */
final class HelmChartRepositoryAccess {

  private final HelmChartReconciler owner;

  HelmChartRepositoryAccess(HelmChartReconciler owner) {
    this.owner = owner;
  }

  /** The normalized {@code oci://} URL of the repository; stalls when it is not one. */
  static String ociUrl(HelmRepository repo) {
    HelmRepositorySpec spec = repo.getSpec();
    OCIRepositoryAccess.requireGenericProvider(spec.getProvider(), " with a secretRef");
    String url = spec.getUrl() == null ? "" : spec.getUrl().trim();
    try {
      if (!url.startsWith("oci://")) {
        throw new IllegalArgumentException("the URL must start with 'oci://'");
      }
      OciReference.parse(url + "/chart");
    } catch (IllegalArgumentException e) {
      throw new ReconcileError.Stalling(
          URL_INVALID, "invalid OCI registry URL: " + url + ": " + e.getMessage());
    }
    return url.replaceAll("/+$", "");
  }

  /** A client for the repository (cached by its configuration). */
  OciClient client(ReconcileContext<?> ctx, HelmRepository repo, String url) {
    HelmRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    String registry = OciReference.parse(url + "/chart").registry();
    MessageDigest fingerprint = io.capstan.oci.Digests.newSha256();
    Duration timeout = HelmRepositoryAccess.timeout(spec);
    boolean insecure = Boolean.TRUE.equals(spec.getInsecure());
    Secrets.feed(fingerprint, (insecure + "|" + timeout).getBytes(StandardCharsets.UTF_8));
    OciClientOptions.Builder options =
        OciClientOptions.builder().insecure(insecure).timeout(timeout).maxAttempts(3);
    if (spec.getSecretRef() != null && spec.getSecretRef().getName() != null) {
      Map<String, byte[]> data = secret(ns, spec.getSecretRef().getName(), "secret");
      byte[] json = data.get(".dockerconfigjson");
      if (json != null) {
        DockerConfig config =
            Secrets.dockerConfig(json, ns, spec.getSecretRef().getName(), ctx::redact, fingerprint);
        options.credentials(config::credentialsFor);
      } else {
        byte[] user = data.get("username");
        byte[] pass = data.get("password");
        if (user == null || pass == null) {
          throw authFailed(
              "invalid '"
                  + spec.getSecretRef().getName()
                  + "' secret data: required fields 'username' and 'password'");
        }
        String password = new String(pass, StandardCharsets.UTF_8);
        ctx.redact(password);
        Credentials c = new Credentials(new String(user, StandardCharsets.UTF_8), password);
        options.credentials(r -> r.equals(registry) ? Optional.of(c) : Optional.empty());
        Secrets.feed(fingerprint, user, pass);
      }
    }
    if (spec.getCertSecretRef() != null && spec.getCertSecretRef().getName() != null) {
      String name = spec.getCertSecretRef().getName();
      Map<String, byte[]> data = secret(ns, name, "certificate secret");
      options.sslContext(
          Secrets.registryTls(Secrets.tls(data, false, ctx::redact), ns, name, fingerprint));
    }
    String key = registry + "|" + HexFormat.of().formatHex(fingerprint.digest());
    return owner.registryClient(key, options.build());
  }

  /**
   * A chart repository client for a HelmRepository of {@code type: default} (or a dependency's
   * repository URL): basic auth from {@code secretRef} ({@code username}/{@code password}), TLS
   * from {@code certSecretRef}, {@code passCredentials}, {@code timeout}; cached by configuration.
   */
  ChartRepositoryClient httpClient(
      ReconcileContext<?> ctx, HelmRepository repo, long chartMaxSize) {
    HelmRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    String url = spec.getUrl() == null ? "" : spec.getUrl().trim();
    MessageDigest fingerprint = io.capstan.oci.Digests.newSha256();
    Duration timeout = HelmRepositoryAccess.timeout(spec);
    boolean pass = Boolean.TRUE.equals(spec.getPassCredentials());
    Secrets.feed(
        fingerprint,
        (url + "|" + timeout + "|" + pass + "|" + chartMaxSize).getBytes(StandardCharsets.UTF_8));
    ChartRepositoryClient.Builder builder =
        ChartRepositoryClient.builder(url)
            .timeout(timeout)
            .passCredentials(pass)
            .chartMaxSize(chartMaxSize);
    if (spec.getSecretRef() != null && spec.getSecretRef().getName() != null) {
      Map<String, byte[]> data = secret(ns, spec.getSecretRef().getName(), "secret");
      byte[] user = data.get("username");
      byte[] password = data.get("password");
      if (user != null || password != null) {
        if (user == null || password == null) {
          throw authFailed(
              "invalid '"
                  + spec.getSecretRef().getName()
                  + "' secret data: required fields 'username' and 'password'");
        }
        String p = new String(password, StandardCharsets.UTF_8);
        ctx.redact(p);
        builder.basicAuth(new String(user, StandardCharsets.UTF_8), p);
        Secrets.feed(fingerprint, user, password);
      }
    }
    if (spec.getCertSecretRef() != null && spec.getCertSecretRef().getName() != null) {
      String name = spec.getCertSecretRef().getName();
      Secrets.TlsMaterial tls =
          Secrets.tls(secret(ns, name, "certificate secret"), false, ctx::redact);
      try {
        builder.tls(TlsSettings.fromPem(tls.ca(), tls.cert(), tls.key()));
      } catch (IllegalArgumentException e) {
        throw authFailed(
            "failed to construct Helm client's TLS config: secret '"
                + ns
                + "/"
                + name
                + "': "
                + e.getMessage());
      }
      Secrets.feed(fingerprint, tls.ca(), tls.cert(), tls.key());
    }
    String key = "http|" + HexFormat.of().formatHex(fingerprint.digest());
    return owner.chartRepositoryClient(
        key,
        () -> {
          try {
            return builder.build();
          } catch (ChartRepositoryException.InvalidUrl e) {
            throw new ReconcileError.Stalling(
                URL_INVALID, "invalid Helm repository URL: " + e.getMessage());
          }
        });
  }

  private Map<String, byte[]> secret(String ns, String name, String what) {
    return owner.parts().secrets().require(ns, name, what, "failed to get authentication secret: ");
  }

  private static ReconcileError.Generic authFailed(String message) {
    return Secrets.authFailed(message);
  }
}
