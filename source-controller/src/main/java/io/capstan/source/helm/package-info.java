/**
 * Helm chart repositories (HTTP/S, {@code index.yaml}) for HelmRepository and HelmChart: the
 * streaming index parser and version selection ({@link
 * io.capstan.source.helm.ChartRepositoryIndex}), the HTTP client with auth, TLS, size limits,
 * digest checks and retries ({@link io.capstan.source.helm.ChartRepositoryClient}), and the
 * parsed-index cache ({@link io.capstan.source.helm.IndexCache}, Flux's {@code --helm-cache-*}
 * flags). Typed failures are {@link io.capstan.source.helm.ChartRepositoryException}.
 */
package io.capstan.source.helm;
