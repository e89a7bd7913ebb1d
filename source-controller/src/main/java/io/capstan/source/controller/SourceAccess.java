package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryConditions.AUTHENTICATION_FAILED;
import static io.capstan.source.controller.GitRepositoryConditions.FETCH_FAILED;
import static io.capstan.source.controller.GitRepositoryConditions.INVALID_PROVIDER_CONFIGURATION;
import static io.capstan.source.controller.GitRepositoryConditions.URL_INVALID;

import io.capstan.api.source.v1.GitProvider;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositorySpec;
import io.capstan.git.GitAuth;
import io.capstan.git.GitException;
import io.capstan.git.GitProxy;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Turns a GitRepository's {@code url}, {@code provider}, {@code secretRef} and {@code
 * proxySecretRef} into what the Git layer needs, failing with Flux's conditions: an invalid URL or
 * an unsupported provider stalls; a missing or unusable Secret marks {@code
 * FetchFailed=True/AuthenticationFailed} and is retried. Secret values are registered for redaction
 * and never appear in messages.
 */
final class SourceAccess {

  private static final Set<String> SCHEMES = Set.of("http", "https", "ssh");
  private static final Set<String> REDACTED_KEYS = Set.of("password", "bearerToken", "identity");

  private final Secrets secrets;

  SourceAccess(Secrets secrets) {
    this.secrets = secrets;
  }

  /** Validates the URL and provider; throws a stalling error when only a spec change can help. */
  static void validate(GitRepository repo) {
    GitRepositorySpec spec = repo.getSpec();
    GitProvider provider = spec.getProvider();
    if (provider != null && provider != GitProvider.generic) {
      throw new ReconcileError.Stalling(
          INVALID_PROVIDER_CONFIGURATION,
          "provider '"
              + provider
              + "' is not supported yet by Capstan's source-controller; use provider 'generic'"
              + " with a secretRef (basic auth, bearer token or SSH key)");
    }
    String url = spec.getUrl();
    try {
      URI uri = new URI(url == null ? "" : url);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(
            String.valueOf(url), "expected http, https or ssh with a host");
      }
    } catch (URISyntaxException e) {
      throw new ReconcileError.Stalling(
          URL_INVALID,
          "failed to parse url '" + GitAuthText.redactUrl(url) + "': " + e.getReason());
    }
  }

  /** The credentials for {@code spec.url}: anonymous, or from {@code spec.secretRef}. */
  GitAuth auth(ReconcileContext<GitRepository> ctx) {
    GitRepository repo = ctx.resource();
    String ns = repo.getMetadata().getNamespace();
    String url = repo.getSpec().getUrl();
    try {
      if (repo.getSpec().getSecretRef() == null) {
        return GitAuth.anonymous(url);
      }
      String name = repo.getSpec().getSecretRef().getName();
      Map<String, byte[]> data =
          secrets
              .read(ns, name)
              .orElseThrow(() -> fetchFailed(Secrets.notFound("secret", ns, name)));
      redactValues(ctx, data);
      return GitAuth.fromSecret(url, data);
    } catch (GitException.InvalidAuth e) {
      throw fetchFailed("failed to configure authentication options: " + e.getMessage());
    }
  }

  /** The proxy from {@code spec.proxySecretRef}, or null for a direct connection. */
  GitProxy proxy(ReconcileContext<GitRepository> ctx) {
    GitRepository repo = ctx.resource();
    if (repo.getSpec().getProxySecretRef() == null) {
      return null;
    }
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getSpec().getProxySecretRef().getName();
    Map<String, byte[]> data =
        secrets
            .read(ns, name)
            .orElseThrow(
                () ->
                    fetchFailed(
                        "failed to configure proxy options: "
                            + Secrets.notFound("proxy secret", ns, name)));
    redactValues(ctx, data);
    try {
      return GitProxy.fromSecret(data);
    } catch (GitException.InvalidAuth e) {
      throw fetchFailed("failed to configure proxy options: " + e.getMessage());
    }
  }

  private static void redactValues(ReconcileContext<?> ctx, Map<String, byte[]> data) {
    data.forEach(
        (k, v) -> {
          if (REDACTED_KEYS.contains(k)) {
            ctx.redact(new String(v, StandardCharsets.UTF_8).trim());
          }
        });
  }

  private static ReconcileError.Generic fetchFailed(String message) {
    return new ReconcileError.Generic(AUTHENTICATION_FAILED, message).withCondition(FETCH_FAILED);
  }
}
