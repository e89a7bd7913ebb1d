/**
 * {@code capstan push|pull|tag artifact} and {@code capstan list artifacts}: Flux-compatible OCI
 * artifacts (the flags and media types of {@code flux push artifact}) over toolkit-oci's client.
 */
package io.capstan.cli.artifact;
