package io.capstan.git;

import java.time.Duration;
import java.util.Objects;

/**
 * A remote repository and how to reach it: what fetch, clone and push share. The credentials and
 * proxy come from Secrets ({@link GitAuth#fromSecret}, {@link GitProxy#fromSecret}); the timeout
 * bounds each remote operation (default 60 s, Flux's {@code spec.timeout}).
 *
 * @param url the repository URL ({@code http}, {@code https} or {@code ssh})
 * @param auth credentials for the URL
 * @param proxy a proxy for every remote operation, or {@code null} for direct connections
 * @param timeout the time allowed for one remote operation
 */
public record GitRemote(String url, GitAuth auth, GitProxy proxy, Duration timeout) {

  /** Validates the parts. */
  public GitRemote {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(auth, "auth");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** An anonymous remote (SSH URLs need credentials) with the default timeout and no proxy. */
  public static GitRemote anonymous(String url) throws GitException.InvalidAuth {
    return new GitRemote(url, GitAuth.anonymous(url), null, Duration.ofSeconds(60));
  }

  /** The same remote with other credentials. */
  public GitRemote withAuth(GitAuth auth) {
    return new GitRemote(url, auth, proxy, timeout);
  }

  /** The same remote through {@code proxy} ({@code null}: direct). */
  public GitRemote withProxy(GitProxy proxy) {
    return new GitRemote(url, auth, proxy, timeout);
  }

  /** The same remote with another timeout. */
  public GitRemote withTimeout(Duration timeout) {
    return new GitRemote(url, auth, proxy, timeout);
  }

  int timeoutSeconds() {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  /** Never shows credentials. */
  @Override
  public String toString() {
    return "GitRemote[" + TransportFailures.redactUrl(url) + ", " + auth + "]";
  }
}
