package io.capstan.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed OCI reference {@code [oci://]host[:port]/repository[:tag][@sha256:hex]}. A reference
 * without a registry host (no {@code .} or {@code :} in the first component and not {@code
 * localhost}) is a Docker Hub repository, as with the {@code docker} CLI.
 *
 * @param registry host and optional port, e.g. {@code ghcr.io} or {@code 127.0.0.1:5000}
 * @param repository the repository path, e.g. {@code org/manifests/app}
 * @param tag the tag or {@code null}
 * @param digest {@code sha256:<hex>} or {@code null}
 */
public record OciReference(String registry, String repository, String tag, String digest) {

  /** The Docker Hub registry host used for references without a host. */
  public static final String DOCKER_HUB = "registry-1.docker.io";

  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  public OciReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("invalid repository name '" + repository + "'");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag '" + tag + "'");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("invalid digest '" + digest + "'");
    }
  }

  /**
   * Parses {@code [oci://]host[:port]/repo[:tag][@sha256:hex]}.
   *
   * @throws IllegalArgumentException with a message naming the wrong part
   */
  public static OciReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty OCI reference");
    }
    String s = text.trim();
    if (s.startsWith("oci://")) {
      s = s.substring("oci://".length());
    } else if (s.contains("://")) {
      throw new IllegalArgumentException(
          "OCI reference must have no scheme or the 'oci://' scheme: '" + text + "'");
    }
    String digest = null;
    int at = s.indexOf('@');
    if (at >= 0) {
      digest = s.substring(at + 1);
      s = s.substring(0, at);
    }
    String registry;
    String rest;
    int slash = s.indexOf('/');
    String first = slash < 0 ? "" : s.substring(0, slash);
    if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      registry = first;
      rest = s.substring(slash + 1);
    } else {
      registry = DOCKER_HUB;
      rest = slash < 0 ? "library/" + s : s;
    }
    if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf('/', colon) < 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("OCI reference has no repository: '" + text + "'");
    }
    return new OciReference(registry.toLowerCase(Locale.ROOT), rest, tag, digest);
  }

  /** The same repository at {@code tag} (no digest). */
  public OciReference withTag(String newTag) {
    return new OciReference(registry, repository, newTag, null);
  }

  /** The same repository at {@code newDigest} (no tag). */
  public OciReference withDigest(String newDigest) {
    return new OciReference(registry, repository, null, newDigest);
  }

  /**
   * What goes in {@code /v2/<name>/manifests/<reference>}: the digest, else the tag, else latest.
   */
  public String manifestReference() {
    if (digest != null) {
      return digest;
    }
    return tag != null ? tag : "latest";
  }

  /** {@code host/repo[:tag][@digest]}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      b.append(':').append(tag);
    }
    if (digest != null) {
      b.append('@').append(digest);
    }
    return b.toString();
  }
}
