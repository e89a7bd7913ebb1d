package io.capstan.api.source.v1;

/** The signing technology an OCI artifact or Helm chart signature is verified with. */
public enum VerificationProvider {
  cosign,
  notation
}
