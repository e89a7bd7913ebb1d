package io.capstan.api.source.v1;

/**
 * The object storage API a {@link Bucket} speaks; {@code generic} is any S3-compatible store
 * (MinIO, Ceph, ...), the others the named cloud's native API and credentials.
 */
public enum BucketProvider {
  generic,
  aws,
  gcp,
  azure
}
