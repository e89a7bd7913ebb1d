package io.capstan.api.image.v1;

/**
 * How an ImageRepository authenticates to its registry: {@code generic} uses the secret (if any),
 * the others obtain credentials from the cloud provider the controller runs in.
 */
public enum RegistryProvider {
  generic,
  aws,
  azure,
  gcp
}
