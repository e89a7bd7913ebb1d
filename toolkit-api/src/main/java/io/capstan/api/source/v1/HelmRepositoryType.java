package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The protocol a {@link HelmRepository} speaks. */
public enum HelmRepositoryType {
  /** A classic Helm repository serving an {@code index.yaml} over HTTP/S. */
  @JsonProperty("default")
  DEFAULT,
  /** An OCI registry holding charts as OCI artifacts; the URL starts with {@code oci://}. */
  @JsonProperty("oci")
  OCI
}
