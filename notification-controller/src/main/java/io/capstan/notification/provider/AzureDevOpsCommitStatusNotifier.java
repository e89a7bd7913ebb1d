package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flux's {@code azuredevops} Provider: a commit status on the event's revision, speaking the Azure
 * DevOps REST protocol as the azure-devops-go-api client Flux uses does. The address is the
 * repository ({@code https://dev.azure.com/<org>/<project>/_git/<repo>}); the token a personal
 * access token sent as {@code Authorization: Basic base64(":" + token)}. First the client discovers
 * the organisation's resource locations ({@code OPTIONS <host>/<org>/_apis}, cached per
 * organisation) and takes the route template of the Git statuses resource ({@code
 * 428dd4fb-fda5-4722-af02-9313b80305da}, by default {@code
 * {project}/_apis/{area}/repositories/{repositoryId}/commits/{commitId}/{resource}}); then {@code
 * GET} the commit's statuses and, unless the latest status of the same {@code genre}/{@code name}
 * has the same state and description, {@code POST} {@code {"context":{"genre":"fluxcd","name":
 * <id>},"description":...,"state":"succeeded"|"error"}}; the API version goes in the {@code Accept}
 * header ({@code application/json;api-version=6.0-preview.1}). {@code Progressing} events are
 * skipped.
 */
final class AzureDevOpsCommitStatusNotifier implements Notifier, Conversation {

  static final String STATUSES_LOCATION = "428dd4fb-fda5-4722-af02-9313b80305da";
  static final String API_VERSION = "6.0-preview.1";
  private static final String DEFAULT_ROUTE =
      "{project}/_apis/{area}/repositories/{repositoryId}/commits/{commitId}/{resource}";
  private static final Map<String, String> ROUTES = new ConcurrentHashMap<>();

  private final String orgUrl;
  private final String project;
  private final String repo;
  private final String authorization;
  private final String providerUid;
  private final String commitStatus;

  AzureDevOpsCommitStatusNotifier(String address, ProviderSettings s)
      throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "azure devops token cannot be empty");
    }
    String[] hostAndId = GitHubCommitStatusNotifier.parseGitAddress(address);
    String[] comp = hostAndId[1].split("/");
    if (comp.length != 4) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid repository id \"" + hostAndId[1] + "\"");
    }
    this.orgUrl = hostAndId[0] + "/" + comp[0];
    this.project = java.net.URLDecoder.decode(comp[1], StandardCharsets.UTF_8);
    this.repo = java.net.URLDecoder.decode(comp[3], StandardCharsets.UTF_8);
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((":" + s.token()).getBytes(StandardCharsets.UTF_8));
    this.providerUid = s.providerUid();
    this.commitStatus = s.commitStatus();
  }

  private static String state(NotificationEvent event) {
    return switch (event.severity()) {
      case NotificationEvent.INFO -> "succeeded";
      case NotificationEvent.ERROR -> "error";
      default -> throw new IllegalArgumentException("can't convert to azure devops state");
    };
  }

  private Map<String, String> headers(boolean json) {
    Map<String, String> h = new LinkedHashMap<>();
    if (json) {
      h.put("Content-Type", "application/json");
    }
    h.put("Accept", "application/json;api-version=" + API_VERSION);
    h.put("Authorization", authorization);
    h.put("X-TFS-FedAuthRedirect", "Suppress");
    h.put("X-VSS-ForceMsaPassThrough", "true");
    return h;
  }

  /** The statuses URI of {@code sha} from the discovered route template. */
  private URI statuses(String route, String sha) {
    String path =
        route
            .replace("{project}", enc(project))
            .replace("{area}", "git")
            .replace("{repositoryId}", enc(repo))
            .replace("{commitId}", enc(sha))
            .replace("{resource}", "statuses")
            .replaceAll("/?\\{[^}]*}", "");
    return URI.create(orgUrl + "/" + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The request of the write alone (null for skipped events); {@link #deliver} sends it all. */
  @Override
  public OutboundRequest request(NotificationEvent event) {
    if ("Progressing".equals(event.reason())) {
      return null;
    }
    String sha = GitHubCommitStatusNotifier.commitOf(event);
    ObjectNode body = JsonBodies.object();
    ObjectNode context = body.putObject("context");
    context.put("genre", "fluxcd");
    context.put("name", EventNames.commitStatusId(commitStatus, providerUid, event));
    body.put("description", EventNames.description(event));
    body.put("state", state(event));
    return new OutboundRequest(
        "POST",
        statuses(ROUTES.getOrDefault(orgUrl, DEFAULT_ROUTE), sha),
        headers(true),
        JsonBodies.bytes(body));
  }

  @Override
  public void deliver(NotificationEvent event, NotificationSender sender)
      throws NotificationSender.DeliveryException, InterruptedException {
    if ("Progressing".equals(event.reason())) {
      return;
    }
    String route = ROUTES.get(orgUrl);
    if (route == null) {
      String locations =
          sender.fetch(
              new OutboundRequest(
                  "OPTIONS", URI.create(orgUrl + "/_apis"), headers(false), new byte[0]));
      route = DEFAULT_ROUTE;
      try {
        for (JsonNode l : JsonBodies.JSON.readTree(locations).path("value")) {
          if (STATUSES_LOCATION.equalsIgnoreCase(l.path("id").asText())) {
            route = l.path("routeTemplate").asText(DEFAULT_ROUTE);
          }
        }
      } catch (java.io.IOException e) {
        throw new NotificationSender.DeliveryException("could not read the resource locations");
      }
      ROUTES.put(orgUrl, route);
    }
    OutboundRequest write = request(event);
    String existing =
        sender.fetch(
            new OutboundRequest(
                "GET",
                statuses(route, GitHubCommitStatusNotifier.commitOf(event)),
                headers(false),
                new byte[0]));
    if (duplicate(existing, write)) {
      return;
    }
    sender.send(write);
  }

  private static boolean duplicate(String existing, OutboundRequest write) {
    try {
      JsonNode want = JsonBodies.JSON.readTree(write.body());
      JsonNode list = JsonBodies.JSON.readTree(existing);
      JsonNode values = list.has("value") ? list.get("value") : list;
      for (JsonNode s : values) {
        JsonNode c = s.path("context");
        if (c.path("name").asText().equals(want.path("context").path("name").asText())
            && c.path("genre").asText().equals("fluxcd")) {
          return s.path("state").asText().equals(want.path("state").asText())
              && s.path("description").asText().equals(want.path("description").asText());
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
