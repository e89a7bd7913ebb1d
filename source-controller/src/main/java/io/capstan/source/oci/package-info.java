/**
 * OCI artifacts for source-controller: TLS material from Secrets, semver tag selection and cosign
 * signature checks; the registry protocol itself is {@code toolkit-oci}'s {@code OciClient}.
 */
package io.capstan.source.oci;
