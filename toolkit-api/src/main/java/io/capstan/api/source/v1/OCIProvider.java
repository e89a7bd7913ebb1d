package io.capstan.api.source.v1;

/**
 * Who authenticates to an OCI registry (OCIRepository, HelmRepository of type {@code oci}): {@code
 * generic} uses {@code spec.secretRef} or anonymous access, the others the named cloud's workload
 * identity.
 */
public enum OCIProvider {
  generic,
  aws,
  azure,
  gcp
}
