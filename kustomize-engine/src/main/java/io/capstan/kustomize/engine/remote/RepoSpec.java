package io.capstan.kustomize.engine.remote;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Git repository location in kustomize v5's URL syntax: the URL to clone, the kustomization root
 * inside the repository, and the {@code ref}/{@code version}, {@code timeout} and {@code
 * submodules} query parameters. Accepted forms are those of kustomize's {@code repospec.go}:
 *
 * <ul>
 *   <li>{@code https://host/org/repo//path?ref=v1} (the {@code //} separates repository and path),
 *   <li>{@code https://host/org/repo.git/path}, {@code https://host/org/project/_git/repo/path},
 *   <li>{@code ssh://git@host/org/repo}, {@code git@host:org/repo}, {@code file:///abs/repo},
 *   <li>{@code github.com/org/repo/path} and {@code github.com:org/repo} (two path segments make
 *       the repository when no marker says otherwise),
 *   <li>a {@code git::} prefix, which kustomize ignores (with a warning).
 * </ul>
 *
 * <p>Anything else (a relative or absolute local path, a URL without a host or repository) is not a
 * repository: {@link #parse} returns empty, as kustomize's parser returns an error the loader reads
 * as "try a local directory".
 *
 * @param raw the location as written, used to detect cycles between repositories
 * @param host scheme, user and host, e.g. {@code https://github.com/} or {@code git@github.com:}
 * @param repoPath path of the repository on the host, e.g. {@code org/repo} or {@code org/repo.git}
 * @param kustRootPath the kustomization root inside the repository, {@code ""} for its top
 * @param ref branch, tag or commit; {@code ""} for the remote HEAD
 * @param submodules whether submodules are cloned (kustomize's default: true)
 * @param timeout bound on each Git operation (kustomize's default: 27 s)
 */
public record RepoSpec(
    String raw,
    String host,
    String repoPath,
    String kustRootPath,
    String ref,
    boolean submodules,
    Duration timeout) {

  /** kustomize's bound on a Git command when the URL gives no {@code timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(27);

  private static final String FILE = "file://";
  private static final String HTTP = "http://";
  private static final String HTTPS = "https://";
  private static final String SSH = "ssh://";
  private static final String GIT_ROOT_DELIMITER = "_git/";
  private static final String GIT_SUFFIX = ".git";
  private static final Pattern USERNAME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9-]*)@");
  private static final Pattern GO_DURATION =
      Pattern.compile("((?:\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  /** The URL handed to the Git client: {@code host + repoPath}. */
  public String cloneUrl() {
    return host + repoPath;
  }

  /**
   * Parses {@code location} as kustomize does, or returns empty when it is not a Git repository
   * location.
   */
  public static Optional<RepoSpec> parse(String location) {
    if (location.startsWith("/")) {
      return Optional.empty();
    }
    String n = location;
    String query = "";
    int q = n.indexOf('?');
    if (q >= 0) {
      query = n.substring(q + 1);
      n = n.substring(0, q);
    }
    String[] host = extractHost(n);
    if (host == null) {
      return Optional.empty();
    }
    String[] parts = splitPath(host[1], host[0].startsWith(FILE));
    if (parts == null) {
      return Optional.empty();
    }
    Query parsed = Query.parse(query);
    return Optional.of(
        new RepoSpec(
            location,
            host[0],
            parts[0],
            parts[1],
            parsed.ref(),
            parsed.submodules(),
            parsed.timeout()));
  }

  /** {host, rest}, or null when there is no valid scheme/user/host. */
  private static String[] extractHost(String n) {
    if (n.regionMatches(true, 0, "git::", 0, 5)) {
      n = n.substring(5);
    }
    String scheme = "";
    for (String prefix : List.of(SSH, HTTPS, HTTP, FILE)) {
      if (n.regionMatches(true, 0, prefix, 0, prefix.length())) {
        scheme = prefix;
        n = n.substring(prefix.length());
        break;
      }
    }
    String username = "";
    Matcher user = USERNAME.matcher(n);
    if (user.find()) {
      username = user.group(1) + "@";
      n = n.substring(username.length());
    }
    String lower = n.toLowerCase(Locale.ROOT);
    boolean github = lower.startsWith("github.com/") || lower.startsWith("github.com:");
    boolean scp = scheme.isEmpty() && (!username.isEmpty() || github);
    if (scheme.isEmpty() && !scp) {
      return null;
    }
    if (scheme.equals(FILE)) {
      return new String[] {scheme, username + n};
    }
    String hostPart = n;
    String rest = "";
    int sep = n.indexOf('/');
    if (scp) {
      int colon = n.indexOf(':');
      if (sep == -1 || (colon > 0 && colon < sep)) {
        sep = colon;
      }
    }
    if (sep >= 0) {
      hostPart = n.substring(0, sep + 1);
      rest = n.substring(sep + 1);
    }
    if (github) {
      if (scheme.startsWith(SSH) || !username.isEmpty()) {
        scheme = "";
        hostPart = "github.com:";
      } else {
        scheme = HTTPS;
        username = "";
        hostPart = "github.com/";
      }
    }
    if (hostPart.isEmpty()) {
      return null;
    }
    return new String[] {scheme + username + hostPart, rest};
  }

  /** {repoPath, kustRootPath}, or null when no repository path can be found. */
  private static String[] splitPath(String n, boolean file) {
    String repo;
    String path;
    int gitRoot = n.indexOf(GIT_ROOT_DELIMITER);
    int doubleSlash = n.indexOf("//");
    int suffix = n.indexOf(GIT_SUFFIX);
    if (gitRoot >= 0) {
      String[] after = n.substring(gitRoot + GIT_ROOT_DELIMITER.length()).split("/", -1);
      repo = n.substring(0, gitRoot + GIT_ROOT_DELIMITER.length()) + after[0];
      path = String.join("/", List.of(after).subList(1, after.length));
    } else if (doubleSlash >= 0) {
      repo = n.substring(0, doubleSlash);
      path = n.substring(doubleSlash + 2);
    } else if (suffix >= 0) {
      repo = n.substring(0, suffix + GIT_SUFFIX.length());
      path = n.substring(suffix + GIT_SUFFIX.length());
    } else if (file) {
      repo = n;
      path = "";
    } else {
      String[] segments = n.split("/", -1);
      if (segments.length < 2) {
        return null;
      }
      repo = segments[0] + "/" + segments[1];
      path = String.join("/", List.of(segments).subList(2, segments.length));
    }
    if (repo.isEmpty() || exitsRepository(path)) {
      return null;
    }
    return new String[] {repo, path.startsWith("/") ? path.substring(1) : path};
  }

  /** Whether {@code path}, cleaned, starts with {@code ..} (kustomize refuses such URLs). */
  private static boolean exitsRepository(String path) {
    List<String> cleaned = new ArrayList<>();
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (cleaned.isEmpty() || cleaned.get(cleaned.size() - 1).equals("..")) {
          cleaned.add("..");
        } else {
          cleaned.remove(cleaned.size() - 1);
        }
      } else {
        cleaned.add(element);
      }
    }
    return !cleaned.isEmpty() && cleaned.get(0).equals("..");
  }

  /** The query parameters kustomize reads, with its defaults. */
  private record Query(String ref, Duration timeout, boolean submodules) {
    static Query parse(String query) {
      String ref = "";
      String version = "";
      String timeout = "";
      String submodules = "";
      for (String pair : query.split("[&;]")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (key == null || value == null) {
          return new Query("", DEFAULT_TIMEOUT, true); // Go's ParseQuery failed: defaults
        }
        // url.Values.Get returns the first value of a key.
        switch (key) {
          case "ref" -> ref = ref.isEmpty() ? value : ref;
          case "version" -> version = version.isEmpty() ? value : version;
          case "timeout" -> timeout = timeout.isEmpty() ? value : timeout;
          case "submodules" -> submodules = submodules.isEmpty() ? value : submodules;
          default -> {}
        }
      }
      return new Query(
          ref.isEmpty() ? version : ref, parseTimeout(timeout), parseBool(submodules, true));
    }

    private static String decode(String s) {
      try {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** Integer seconds ({@code 61}) or a Go duration ({@code 1m1s}); defaults when not positive. */
  static Duration parseTimeout(String value) {
    if (value.isEmpty()) {
      return DEFAULT_TIMEOUT;
    }
    if (value.matches("[+-]?\\d+")) {
      try {
        long seconds = Long.parseLong(value);
        if (seconds > 0) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        // too large: fall through to the duration syntax, which fails too
      }
    }
    if (GO_DURATION.matcher(value).matches()) {
      double nanos = 0;
      Matcher part = GO_DURATION_PART.matcher(value);
      while (part.find()) {
        double amount = Double.parseDouble(part.group(1));
        nanos +=
            amount
                * switch (part.group(2)) {
                  case "ns" -> 1;
                  case "us", "µs" -> 1e3;
                  case "ms" -> 1e6;
                  case "s" -> 1e9;
                  case "m" -> 60e9;
                  default -> 3600e9;
                };
      }
      if (nanos >= 1) {
        return Duration.ofNanos((long) nanos);
      }
    }
    return DEFAULT_TIMEOUT;
  }

  /** Go's {@code strconv.ParseBool}; {@code fallback} when empty or invalid. */
  private static boolean parseBool(String value, boolean fallback) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> fallback;
    };
  }
}
