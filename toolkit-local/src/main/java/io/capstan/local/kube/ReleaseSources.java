package io.capstan.local.kube;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the official, checksummed release binaries are downloaded from, in the layouts their
 * projects publish:
 *
 * <ul>
 *   <li>Kubernetes ({@code dl.k8s.io}): {@code <kubernetes>/v<version>/bin/<os>/<arch>/<name>} and
 *       {@code <name>.sha256} next to it (the bare hex digest);
 *   <li>etcd (GitHub release): {@code <etcd>/v<version>/etcd-v<version>-<os>-<arch>.tar.gz} and
 *       {@code <etcd>/v<version>/SHA256SUMS} ({@code sha256sum} format);
 *   <li>kwok (GitHub release): {@code <kwok>/v<version>/kwok-<os>-<arch>}, verified against {@code
 *       <kwok>/v<version>/checksums.txt} ({@code sha256sum} format) or, when the release has no
 *       such file, against the digest pinned by {@link #kwokSha256()}; never run unverified.
 * </ul>
 *
 * @param kubernetes base of the Kubernetes release tree (default {@value #KUBERNETES_DEFAULT})
 * @param etcd base of etcd's release downloads (default {@value #ETCD_DEFAULT})
 * @param kwok base of kwok's release downloads (default {@value #KWOK_DEFAULT})
 * @param kwokSha256 a pinned SHA-256 of the kwok binary, used when the release publishes none
 * @param timeout bound on the whole download of all missing binaries
 */
public record ReleaseSources(
    URI kubernetes, URI etcd, URI kwok, Optional<String> kwokSha256, Duration timeout) {

  /** Default base of the Kubernetes release binaries. */
  public static final String KUBERNETES_DEFAULT = "https://dl.k8s.io/release";

  /** Default base of etcd's GitHub release downloads. */
  public static final String ETCD_DEFAULT = "https://github.com/etcd-io/etcd/releases/download";

  /** Default base of kwok's GitHub release downloads. */
  public static final String KWOK_DEFAULT =
      "https://github.com/kubernetes-sigs/kwok/releases/download";

  /**
   * System property (or env {@code CAPSTAN_KUBE_RELEASE_KUBERNETES}) overriding {@link
   * #kubernetes}.
   */
  public static final String KUBERNETES_PROPERTY = "capstan.kube.release.kubernetes";

  /** System property (or env {@code CAPSTAN_KUBE_RELEASE_ETCD}) overriding {@link #etcd}. */
  public static final String ETCD_PROPERTY = "capstan.kube.release.etcd";

  /** System property (or env {@code CAPSTAN_KUBE_RELEASE_KWOK}) overriding {@link #kwok}. */
  public static final String KWOK_PROPERTY = "capstan.kube.release.kwok";

  /** System property (or env {@code CAPSTAN_KUBE_RELEASE_KWOK_SHA256}): pinned kwok digest. */
  public static final String KWOK_SHA256_PROPERTY = "capstan.kube.release.kwokSha256";

  /** System property: {@code false} skips the release download (the Go build is used instead). */
  public static final String ENABLED_PROPERTY = "capstan.kube.release";

  /** System property: seconds the release download of all binaries may take (default 600). */
  public static final String TIMEOUT_PROPERTY = "capstan.kube.release.timeoutSeconds";

  /** Normalises the base URLs to end without a slash. */
  public ReleaseSources {
    kubernetes = trimSlash(kubernetes);
    etcd = trimSlash(etcd);
    kwok = trimSlash(kwok);
  }

  /** The official download locations, with the given time bound. */
  public static ReleaseSources official(Duration timeout) {
    return new ReleaseSources(
        URI.create(KUBERNETES_DEFAULT),
        URI.create(ETCD_DEFAULT),
        URI.create(KWOK_DEFAULT),
        Optional.empty(),
        timeout);
  }

  /**
   * The sources named by system properties, then environment variables, then the official defaults;
   * empty when {@code -Dcapstan.kube.release=false} or {@code -Dcapstan.kube.download=false} turned
   * downloads off.
   */
  public static Optional<ReleaseSources> fromEnvironment(Map<String, String> env) {
    if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))
        || !Boolean.parseBoolean(
            System.getProperty(KubeBinaryProvisioner.DOWNLOAD_PROPERTY, "true"))) {
      return Optional.empty();
    }
    return Optional.of(
        new ReleaseSources(
            URI.create(
                setting(
                    env,
                    KUBERNETES_PROPERTY,
                    "CAPSTAN_KUBE_RELEASE_KUBERNETES",
                    KUBERNETES_DEFAULT)),
            URI.create(setting(env, ETCD_PROPERTY, "CAPSTAN_KUBE_RELEASE_ETCD", ETCD_DEFAULT)),
            URI.create(setting(env, KWOK_PROPERTY, "CAPSTAN_KUBE_RELEASE_KWOK", KWOK_DEFAULT)),
            Optional.ofNullable(
                setting(env, KWOK_SHA256_PROPERTY, "CAPSTAN_KUBE_RELEASE_KWOK_SHA256", null)),
            Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 600L))));
  }

  private static String setting(
      Map<String, String> env, String property, String envName, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = env.get(envName);
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static URI trimSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }
}
