package io.capstan.api.source.v1;

/** The Security Token Service flavour a {@link Bucket} fetches temporary credentials from. */
public enum BucketSTSProvider {
  /** AWS STS; for the {@code aws} bucket provider. */
  aws,
  /** An LDAP-backed STS (e.g. MinIO's); for the {@code generic} bucket provider. */
  ldap
}
