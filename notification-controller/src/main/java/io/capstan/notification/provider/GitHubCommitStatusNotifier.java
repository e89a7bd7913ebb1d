package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flux's {@code github} Provider: a commit status on the event's {@code revision}. The address is
 * the repository ({@code https://github.com/<owner>/<repo>}, SSH form accepted; another host is
 * GitHub Enterprise at {@code <host>/api/v3/}). First {@code GET
 * /repos/<owner>/<repo>/commits/<sha>/statuses?per_page=50}; unless the latest status of the same
 * context already has the same state and description, {@code POST /repos/<owner>/<repo>/statuses/
 * <sha>} with {@code state} ({@code success}/{@code failure}), {@code description} (the reason in
 * lower-case words) and {@code context} ({@code <kind>/<name>/<first UID segment of the
 * Provider>}). Events with reason {@code Progressing} are skipped (null request), an event without
 * {@code revision} fails.
 */
final class GitHubCommitStatusNotifier implements Notifier, Precheck {

  private static final Pattern SHA = Pattern.compile("(?:sha1|sha256):([0-9a-f]{40,64})$");
  private static final Pattern LEGACY = Pattern.compile("^[^@]+/([0-9a-f]{40,64})$");
  private static final Pattern BARE = Pattern.compile("^([0-9a-f]{40,64})$");

  private final String api;
  private final String owner;
  private final String repo;
  private final String token;
  private final String providerUid;
  private final String commitStatus;

  GitHubCommitStatusNotifier(String address, ProviderSettings s)
      throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "github token cannot be empty");
    }
    String[] hostAndId = parseGitAddress(address);
    String[] parts = hostAndId[1].split("/");
    if (parts.length != 2) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid repository id \"" + hostAndId[1] + "\"");
    }
    URI host = URI.create(hostAndId[0]);
    this.api =
        "github.com".equals(host.getHost()) ? "https://api.github.com/" : hostAndId[0] + "/api/v3/";
    this.owner = parts[0];
    this.repo = parts[1];
    this.token = s.token();
    this.providerUid = s.providerUid() == null ? "" : s.providerUid();
    this.commitStatus = s.commitStatus();
  }

  /** {scheme://host, owner/repo} of an HTTPS or SSH Git address (Flux's parseGitAddress). */
  static String[] parseGitAddress(String address) throws UnsupportedProviderException {
    String a = address.trim();
    String scheme;
    String host;
    String path;
    Matcher scp = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.*)$").matcher(a);
    if (a.contains("://")) {
      URI u = URI.create(a);
      scheme = "ssh".equals(u.getScheme()) ? "https" : u.getScheme();
      host = u.getRawAuthority() == null ? "" : u.getRawAuthority().replaceFirst("^.*@", "");
      path = u.getRawPath() == null ? "" : u.getRawPath();
    } else if (scp.matches()) {
      scheme = "https";
      host = scp.group(1);
      path = scp.group(2);
    } else {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "failed parsing URL \"" + address + "\"");
    }
    String id = path.replaceFirst("^/+", "");
    if (id.endsWith(".git")) {
      id = id.substring(0, id.length() - 4);
    }
    return new String[] {scheme + "://" + host, id};
  }

  /** The commit SHA of a Flux revision ({@code main@sha1:<hex>}, {@code sha1:<hex>}, legacy). */
  static String commit(String revision) {
    if (revision == null) {
      throw new IllegalArgumentException("missing revision metadata");
    }
    for (Pattern p : List.of(SHA, LEGACY, BARE)) {
      Matcher m = p.matcher(revision);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new IllegalArgumentException(
        "failed to extract commit hash from '" + revision + "' revision");
  }

  /**
   * The commit of an event as Flux's {@code GetRevision} finds it: {@code originRevision} first (a
   * Kustomization applying an OCI artifact built from Git), then {@code revision}.
   */
  static String commitOf(NotificationEvent event) {
    String origin = event.metadata().get("originRevision");
    return commit(origin != null ? origin : event.revision());
  }

  /**
   * A body as go-github encodes it ({@code json.Encoder} with {@code SetEscapeHTML(false)}): no
   * HTML escaping and a trailing newline.
   */
  static byte[] goGithubBody(ObjectNode node) {
    try {
      byte[] raw = JsonBodies.JSON.writeValueAsBytes(node);
      byte[] out = java.util.Arrays.copyOf(raw, raw.length + 1);
      out[raw.length] = '\n';
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Flux's description: the reason split at case changes, lower case, space-joined. */
  static String description(String reason) {
    List<String> words = new ArrayList<>();
    Matcher m =
        Pattern.compile("\\p{Lu}+(?!\\p{Ll})|\\p{Lu}?\\p{Ll}+|\\d+|[^\\p{L}\\d]+").matcher(reason);
    while (m.find()) {
      words.add(m.group());
    }
    return String.join(" ", words).toLowerCase(Locale.ROOT);
  }

  String context(NotificationEvent event) {
    return EventNames.commitStatusId(commitStatus, providerUid, event);
  }

  private static String state(NotificationEvent event) {
    return switch (event.severity()) {
      case NotificationEvent.INFO -> "success";
      case NotificationEvent.ERROR -> "failure";
      default -> throw new IllegalArgumentException("can't convert to github state");
    };
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/vnd.github.v3+json");
    h.put("Authorization", "Bearer " + token);
    return h;
  }

  @Override
  public OutboundRequest lookup(NotificationEvent event) {
    String sha = commitOf(event);
    return new OutboundRequest(
        "GET",
        URI.create(
            api + "repos/" + owner + "/" + repo + "/commits/" + sha + "/statuses?per_page=50"),
        headers(),
        new byte[0]);
  }

  @Override
  public boolean redundant(String lookupResponse, NotificationEvent event) {
    try {
      JsonNode statuses = JsonBodies.JSON.readTree(lookupResponse);
      String context = context(event);
      for (JsonNode s : statuses) {
        if (!s.hasNonNull("context") || !s.hasNonNull("state") || !s.hasNonNull("description")) {
          continue;
        }
        if (context.equals(s.get("context").asText())) {
          return state(event).equals(s.get("state").asText())
              && description(event.reason()).equals(s.get("description").asText());
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    if ("Progressing".equals(event.reason())) {
      return null;
    }
    String sha = commitOf(event);
    ObjectNode status = JsonBodies.object();
    status.put("state", state(event));
    status.put("description", description(event.reason()));
    status.put("context", context(event));
    Map<String, String> h = headers();
    h.put("Content-Type", "application/json");
    return new OutboundRequest(
        "POST",
        URI.create(api + "repos/" + owner + "/" + repo + "/statuses/" + sha),
        h,
        goGithubBody(status));
  }
}
