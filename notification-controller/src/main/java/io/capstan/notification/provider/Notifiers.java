package io.capstan.notification.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * Creates the {@link Notifier} for a Provider type, validating its settings as Flux's notifier
 * factory does (an address is required and must be an absolute URL). Types listed in {@link
 * #SUPPORTED} are implemented; every other v1beta3 type fails with {@link
 * UnsupportedProviderException#NOT_SUPPORTED}, never silently.
 */
public final class Notifiers {

  /** The Provider types Capstan sends exactly as Flux does. */
  public static final Set<String> SUPPORTED =
      Set.of(
          "generic",
          "generic-hmac",
          "slack",
          "discord",
          "rocket",
          "alertmanager",
          "grafana",
          "googlechat",
          "lark",
          "matrix",
          "opsgenie",
          "msteams",
          "github",
          "gitlab",
          "pagerduty",
          "datadog",
          "telegram",
          "webex",
          "zulip",
          "githubdispatch",
          "gitea",
          "bitbucket",
          "bitbucketserver",
          "githubpullrequestcomment",
          "gitlabmergerequestcomment",
          "giteapullrequestcomment",
          "nats",
          "sentry",
          "azuredevops",
          "googlepubsub",
          "azureeventhub",
          "otel");

  /** Every type of the v1beta3 enum that is not implemented yet. */
  public static final List<String> NOT_SUPPORTED_YET = List.of();

  /** Types whose address is a Git repository rather than a URL to POST to. */
  private static final Set<String> GIT_TYPES =
      Set.of(
          "github",
          "gitlab",
          "githubdispatch",
          "gitea",
          "bitbucket",
          "bitbucketserver",
          "azuredevops",
          "githubpullrequestcomment",
          "gitlabmergerequestcomment",
          "giteapullrequestcomment");

  /** Types for which Flux's factory uses the secret's password when it has no token. */
  private static final Set<String> PASSWORD_AS_TOKEN =
      Set.of(
          "github",
          "gitlab",
          "githubdispatch",
          "gitea",
          "githubpullrequestcomment",
          "gitlabmergerequestcomment",
          "giteapullrequestcomment");

  private Notifiers() {}

  /** go-bitbucket's API base: {@code BITBUCKET_API_BASE_URL} or {@code api.bitbucket.org/2.0}. */
  private static String bitbucketApi() {
    String env = System.getenv("BITBUCKET_API_BASE_URL");
    String base = env == null || env.isBlank() ? BitbucketCommitStatusNotifier.API : env.trim();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** {@link #NOT_SUPPORTED_YET} as a stream (parameterized tests). */
  public static java.util.stream.Stream<String> notSupportedYet() {
    return NOT_SUPPORTED_YET.stream();
  }

  /**
   * The notifier for {@code settings}.
   *
   * @throws UnsupportedProviderException for a type not implemented yet or invalid settings
   */
  public static Notifier create(ProviderSettings settings) throws UnsupportedProviderException {
    String type = settings.type();
    if (!SUPPORTED.contains(type)) {
      throw UnsupportedProviderException.notSupported(type);
    }
    if (GIT_TYPES.contains(type)) {
      if (settings.address() == null || settings.address().isBlank()) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.INVALID, "provider has no address");
      }
      String address = settings.address().trim();
      if (PASSWORD_AS_TOKEN.contains(type)
          && (settings.token() == null || settings.token().isEmpty())
          && settings.password() != null
          && !settings.password().isEmpty()) {
        settings = settings.withToken(settings.password()); // as Flux's factory
      }
      return switch (type) {
        case "github" -> new GitHubCommitStatusNotifier(address, settings);
        case "gitlab" -> new GitLabCommitStatusNotifier(address, settings);
        case "githubdispatch" -> new GitHubDispatchNotifier(address, settings);
        case "gitea" -> new GiteaCommitStatusNotifier(address, settings);
        case "bitbucket" -> new BitbucketCommitStatusNotifier(address, settings, bitbucketApi());
        case "azuredevops" -> new AzureDevOpsCommitStatusNotifier(address, settings);
        case "githubpullrequestcomment" ->
            new ChangeRequestCommentNotifier(
                ChangeRequestCommentNotifier.Platform.GITHUB, address, settings);
        case "gitlabmergerequestcomment" ->
            new ChangeRequestCommentNotifier(
                ChangeRequestCommentNotifier.Platform.GITLAB, address, settings);
        case "giteapullrequestcomment" ->
            new ChangeRequestCommentNotifier(
                ChangeRequestCommentNotifier.Platform.GITEA, address, settings);
        default -> new BitbucketServerCommitStatusNotifier(address, settings);
      };
    }
    if ("nats".equals(type)) {
      return new NatsNotifier(settings);
    }
    if ("azureeventhub".equals(type)) {
      return new AzureEventHubNotifier(settings, "https", java.time.Clock.systemUTC());
    }
    if ("googlepubsub".equals(type)) {
      return new GooglePubSubNotifier(
          settings, GooglePubSubNotifier.emulatorEndpoint(), java.time.Clock.systemUTC());
    }
    if ("sentry".equals(type)) {
      return new SentryNotifier(
          settings.address(), settings.channel(), java.time.Clock.systemUTC());
    }
    if ("telegram".equals(type)) {
      return MarkdownChatNotifiers.telegram(settings.address(), settings);
    }
    URI address = address(settings);
    return switch (type) {
      case "generic" -> new GenericNotifier(address, settings.headers(), null);
      case "generic-hmac" -> {
        if (settings.token() == null || settings.token().isEmpty()) {
          throw new UnsupportedProviderException(
              UnsupportedProviderException.INVALID,
              "generic-hmac provider needs a 'token' in its secretRef (the HMAC key)");
        }
        yield new GenericNotifier(address, settings.headers(), settings.token());
      }
      case "slack" -> SlackNotifier.slack(address, settings);
      case "discord" -> SlackNotifier.discord(address, settings);
      case "rocket" -> SlackNotifier.rocket(address, settings);
      case "alertmanager" -> new AlertmanagerNotifier(address, settings);
      case "grafana" -> new GrafanaNotifier(address, settings);
      case "googlechat" -> ChatCardNotifiers.googleChat(address);
      case "lark" -> ChatCardNotifiers.lark(address);
      case "matrix" -> ChatCardNotifiers.matrix(address, settings);
      case "opsgenie" -> ChatCardNotifiers.opsgenie(address, settings);
      case "msteams" -> new TeamsNotifier(address);
      case "pagerduty" -> new PagerDutyNotifier(address, settings);
      case "datadog" -> new DatadogNotifier(address, settings);
      case "webex" -> MarkdownChatNotifiers.webex(address, settings);
      case "zulip" -> MarkdownChatNotifiers.zulip(address, settings);
      case "otel" ->
          new OtelNotifier(address, OtelNotifier.headers(settings), java.time.Clock.systemUTC());
      default -> throw UnsupportedProviderException.notSupported(type);
    };
  }

  private static URI address(ProviderSettings settings) throws UnsupportedProviderException {
    String address = settings.address();
    if (address == null || address.isBlank()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "provider has no address");
    }
    try {
      URI uri = new URI(address.trim());
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new URISyntaxException(address, "not an absolute URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid " + settings.type() + " URL");
    }
  }
}
