package io.capstan.api.helm.v2;

/** Technologies that can sign an OCI Helm chart. */
public enum VerificationProvider {
  /** Sigstore cosign (the default). */
  cosign,
  /** Notary Project notation. */
  notation
}
