package io.capstan.git;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * Maps what JGit, the JDK and the SSH client throw to a {@link GitException} with a precise
 * message, scrubbing any secret value the underlying message might echo.
 */
final class TransportFailures {

  private final String url;
  private final GitAuth auth;
  private final Duration timeout;
  private final KnownHostsVerifier knownHosts;

  TransportFailures(String url, GitAuth auth, Duration timeout, KnownHostsVerifier knownHosts) {
    this.url = redactUrl(url);
    this.auth = auth;
    this.timeout = timeout;
    this.knownHosts = knownHosts;
  }

  /** The failure of {@code action} (e.g. "unable to clone") as a typed exception. */
  GitException classify(String action, Throwable e, boolean deadlinePassed) {
    String prefix = action + " '" + url + "': ";
    String detail = scrub(rootMessage(e));
    if (knownHosts != null && knownHosts.rejection() != null) {
      return new GitException.UnknownHostKey(prefix + knownHosts.rejection(), null);
    }
    if (deadlinePassed
        || has(e, SocketTimeoutException.class)
        || mentions(e, "timed out", "timeout")) {
      return new GitException.TimedOut(
          prefix + "timeout after " + format(timeout) + " (" + detail + ")", null);
    }
    if (has(e, ConnectException.class)
        || has(e, NoRouteToHostException.class)
        || has(e, UnknownHostException.class)
        || mentions(e, "connection refused", "no route to host")) {
      return new GitException.Unreachable(prefix + "remote unreachable (" + detail + ")", null);
    }
    if (mentions(
        e,
        "not authorized",
        "authentication is required",
        "not permitted",
        "auth fail",
        "no more authentication methods",
        "authentication failed")) {
      return new GitException.AuthenticationFailed(
          prefix + "authentication failed (" + detail + ")", null);
    }
    if (has(e, SSLException.class)) {
      return new GitException.OperationFailed(prefix + "TLS failure (" + detail + ")", null);
    }
    if (has(e, NoRemoteRepositoryException.class) || mentions(e, "not found")) {
      return new GitException.RepositoryNotFound(
          prefix + "repository not found (" + detail + ")", null);
    }
    if (has(e, InterruptedIOException.class)) {
      return new GitException.TimedOut(prefix + "interrupted (" + detail + ")", null);
    }
    return new GitException.OperationFailed(prefix + detail, null);
  }

  /** Removes every secret value of the auth from a message. */
  String scrub(String message) {
    if (message == null) {
      return "";
    }
    String out = message;
    for (String secret : new String[] {auth.password(), auth.bearerToken()}) {
      if (secret != null && secret.length() >= 3) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  /** The URL without any password or token in its user info. */
  static String redactUrl(String url) {
    if (url == null) {
      return "";
    }
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@:]*):[^/@]*@", "$1$2:***@");
  }

  private static String rootMessage(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Throwable t = e;
    int depth = 0;
    while (t != null && depth++ < 6) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && (sb.length() == 0 || !sb.toString().contains(m))) {
        if (sb.length() > 0) {
          sb.append(": ");
        }
        sb.append(m.strip());
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Throwable e, String... needles) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      for (String n : needles) {
        if (m.contains(n)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
