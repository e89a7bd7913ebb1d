package io.capstan.source.helm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL rules of Helm's chart repositories: the index location and chart reference resolution. */
public final class ChartRepositoryUrls {
  private ChartRepositoryUrls() {}

  /**
   * Parses a repository URL, which must be absolute {@code http} or {@code https}.
   *
   * @throws ChartRepositoryException.InvalidUrl naming the redacted URL
   */
  public static URI repository(String url) throws ChartRepositoryException.InvalidUrl {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      throw new ChartRepositoryException.InvalidUrl(
          "invalid Helm repository URL '" + redact(url) + "': " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ChartRepositoryException.InvalidUrl(
          "scheme \"" + scheme + "\" not supported for Helm repository URL '" + redact(url) + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ChartRepositoryException.InvalidUrl(
          "invalid Helm repository URL '" + redact(url) + "': no host");
    }
    return uri;
  }

  /** {@code <repository>/index.yaml}, joining paths as Go's {@code path.Join} (cleaned). */
  public static URI index(URI repository) {
    String path = repository.getRawPath() == null ? "" : repository.getRawPath();
    String joined = clean(path + "/index.yaml");
    return withPath(repository, joined);
  }

  /**
   * Helm's {@code repo.ResolveReferenceURL}: an absolute chart URL is used as is; a relative one is
   * resolved against the repository URL taken as a directory (a trailing slash added), keeping the
   * repository URL's query.
   */
  public static URI resolveChart(URI repository, String chartUrl)
      throws ChartRepositoryException.InvalidUrl {
    URI ref;
    try {
      ref = new URI(chartUrl);
    } catch (URISyntaxException e) {
      throw new ChartRepositoryException.InvalidUrl(
          "invalid chart URL '" + redact(chartUrl) + "': " + e.getReason());
    }
    if (ref.isAbsolute()) {
      return ref;
    }
    String path = repository.getRawPath() == null ? "" : repository.getRawPath();
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    URI base = withPath(repository, path);
    URI resolved = base.resolve(ref);
    try {
      return new URI(
              resolved.getScheme(),
              resolved.getRawAuthority(),
              resolved.getRawPath(),
              repository.getRawQuery(),
              null)
          .normalize();
    } catch (URISyntaxException e) {
      throw new ChartRepositoryException.InvalidUrl(
          "invalid chart URL '" + redact(chartUrl) + "': " + e.getReason());
    }
  }

  /** Whether two URLs have the same scheme, host and port (Helm's credential-forwarding rule). */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  /** The URL without user info, safe for messages. */
  public static String redact(String url) {
    if (url == null) {
      return "";
    }
    try {
      return redact(new URI(url));
    } catch (URISyntaxException e) {
      int at = url.indexOf('@');
      int scheme = url.indexOf("://");
      return at > 0 && scheme > 0 && at > scheme
          ? url.substring(0, scheme + 3) + url.substring(at + 1)
          : url;
    }
  }

  /** The URL without user info, safe for messages. */
  public static String redact(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    String s = uri.toString();
    return s.replace(uri.getRawUserInfo() + "@", "");
  }

  private static URI withPath(URI base, String rawPath) {
    StringBuilder sb = new StringBuilder();
    sb.append(base.getScheme()).append("://").append(base.getRawAuthority()).append(rawPath);
    if (base.getRawQuery() != null) {
      sb.append('?').append(base.getRawQuery());
    }
    return URI.create(sb.toString());
  }

  /** Go's {@code path.Clean} for an absolute path. */
  private static String clean(String path) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }
}
