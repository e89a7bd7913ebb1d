package io.capstan.api.notification.v1beta3;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The notification services (chat, incident, Git commit status, event bus) a Provider targets. */
public enum ProviderType {
  slack,
  discord,
  msteams,
  rocket,
  generic,
  @JsonProperty("generic-hmac")
  generic_hmac,
  github,
  gitlab,
  gitea,
  giteapullrequestcomment,
  bitbucketserver,
  bitbucket,
  azuredevops,
  googlechat,
  googlepubsub,
  webex,
  sentry,
  azureeventhub,
  telegram,
  lark,
  matrix,
  opsgenie,
  alertmanager,
  grafana,
  githubdispatch,
  githubpullrequestcomment,
  gitlabmergerequestcomment,
  pagerduty,
  datadog,
  nats,
  zulip,
  otel
}
