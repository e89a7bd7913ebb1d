package io.capstan.source.controller;

import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.HelmRepositorySpec;
import io.capstan.oci.TlsSettings;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.source.helm.HelmSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a {@code type: default} HelmRepository's spec into a {@link ChartRepositoryClient}, as
 * Flux's {@code getter.GetClientOpts}: {@code secretRef} basic auth ({@code username} and {@code
 * password}, both or neither), {@code certSecretRef} TLS ({@code ca.crt}, {@code tls.crt}, {@code
 * tls.key}; the deprecated {@code caFile}/{@code certFile}/{@code keyFile} of {@code secretRef}
 * when there is no {@code certSecretRef}), {@code passCredentials} and {@code timeout} (default
 * 60s), with the {@code --helm-*} size limits. Shared by HelmRepository (index) and HelmChart
 * (chart downloads) so both authenticate the same way.
 */
final class HelmRepositoryAccess {

  /** Flux's default {@code spec.timeout}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The Secret data or the TLS material cannot be used (Flux's {@code AuthenticationFailed}). */
  static final class InvalidAuth extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidAuth(String message) {
      super(message);
    }
  }

  private HelmRepositoryAccess() {}

  /**
   * The client for {@code repo}; every secret value read is passed to {@code redact} before use.
   *
   * @throws InvalidAuth a referenced Secret is missing or its data is incomplete or invalid
   * @throws ChartRepositoryException.InvalidUrl the URL is not an absolute http(s) URL
   */
  static ChartRepositoryClient client(
      Secrets secrets, HelmRepository repo, HelmSettings settings, Consumer<String> redact)
      throws InvalidAuth, ChartRepositoryException.InvalidUrl {
    HelmRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    ChartRepositoryClient.Builder b =
        ChartRepositoryClient.builder(spec.getUrl() == null ? "" : spec.getUrl().trim())
            .timeout(timeout(spec))
            .indexMaxSize(settings.indexMaxSize())
            .chartMaxSize(settings.chartMaxSize())
            .passCredentials(Boolean.TRUE.equals(spec.getPassCredentials()));
    Map<String, byte[]> auth = read(secrets, ns, "authentication", spec.getSecretRef());
    if (auth != null) {
      byte[] user = auth.get("username");
      byte[] password = auth.get("password");
      if ((user == null) != (password == null)) {
        throw new InvalidAuth(
            "invalid '"
                + spec.getSecretRef().getName()
                + "' secret data: required fields 'username' and 'password'");
      }
      if (user != null) {
        String secret = new String(password, StandardCharsets.UTF_8);
        redact.accept(secret);
        b.basicAuth(new String(user, StandardCharsets.UTF_8), secret);
      }
    }
    Map<String, byte[]> certs = read(secrets, ns, "TLS authentication", spec.getCertSecretRef());
    if (certs != null) {
      b.tls(tls(certs.get("ca.crt"), certs.get("tls.crt"), certs.get("tls.key")));
    } else if (auth != null && (auth.containsKey("caFile") || auth.containsKey("certFile"))) {
      b.tls(tls(auth.get("caFile"), auth.get("certFile"), auth.get("keyFile")));
    }
    return b.build();
  }

  /** {@code spec.timeout}, default 60s. */
  static Duration timeout(HelmRepositorySpec spec) {
    String t = spec.getTimeout();
    return t == null || t.isBlank() ? DEFAULT_TIMEOUT : GoDuration.parse(t);
  }

  private static TlsSettings tls(byte[] ca, byte[] cert, byte[] key) throws InvalidAuth {
    if (ca == null && cert == null && key == null) {
      return null;
    }
    try {
      return TlsSettings.fromPem(ca, cert, key);
    } catch (RuntimeException e) {
      throw new InvalidAuth("failed to construct Helm client's TLS config: " + e.getMessage());
    }
  }

  private static Map<String, byte[]> read(
      Secrets secrets, String ns, String what, LocalObjectReference ref) throws InvalidAuth {
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      return null;
    }
    var data = secrets.read(ns, ref.getName());
    if (data.isEmpty()) {
      throw new InvalidAuth(
          "failed to get "
              + what
              + " secret '"
              + ns
              + "/"
              + ref.getName()
              + "': secrets \""
              + ref.getName()
              + "\" not found");
    }
    return data.get();
  }
}
