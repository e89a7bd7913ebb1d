package io.capstan.api.source.v1;

/**
 * Who authenticates a {@link GitRepository}: {@code generic} uses the credentials of {@code
 * spec.secretRef}, the others obtain credentials from the named cloud or GitHub App.
 */
public enum GitProvider {
  generic,
  aws,
  azure,
  github
}
