package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The webhook senders a Receiver understands; each has its own authentication and payload. */
public enum ReceiverType {
  generic,
  @JsonProperty("generic-hmac")
  generic_hmac,
  @JsonProperty("generic-oidc")
  generic_oidc,
  github,
  gitlab,
  bitbucket,
  harbor,
  dockerhub,
  quay,
  gcr,
  nexus,
  acr,
  cdevents
}
