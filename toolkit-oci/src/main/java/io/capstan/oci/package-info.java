/** OCI distribution API client: registries, auth, tags, manifests, blobs. */
package io.capstan.oci;
