package io.capstan.git;

import java.util.regex.Pattern;

/**
 * Flux's revision strings for Git: {@code <ref>@sha1:<hex>} or, when no reference is known, {@code
 * sha1:<hex>}. {@code <ref>} is the short name ({@code main}, {@code v1.2.3}) for branches and
 * tags, and the full name ({@code refs/pull/1/head}) when the reference was given by {@code
 * spec.ref.name}.
 */
public final class Revision {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  private Revision() {}

  /** The digest form of a hash: {@code sha1:<hex>} for 40 hex digits, as Flux's Hash.Digest. */
  public static String digest(String hash) {
    if (hash == null || hash.isEmpty()) {
      return "";
    }
    return (hash.length() == 40 ? "sha1" : "<unknown>") + ":" + hash;
  }

  /**
   * The short revision of a commit checked out from {@code referenceName}: everything after the
   * second {@code /} of the reference ({@code refs/heads/main} gives {@code main}), or the bare
   * digest when the reference has fewer than three parts.
   */
  public static String shortForm(String referenceName, String hash) {
    if (referenceName != null) {
      String[] parts = referenceName.split("/", 3);
      if (parts.length == 3) {
        return parts[2] + "@" + digest(hash);
      }
    }
    return digest(hash);
  }

  /** The absolute revision: the full reference name, then {@code @} and the digest. */
  public static String absoluteForm(String referenceName, String hash) {
    if (referenceName == null || referenceName.isEmpty()) {
      return digest(hash);
    }
    return referenceName + "@" + digest(hash);
  }

  /**
   * The revision Flux reports for a checkout: absolute when the reference was given by name ({@code
   * spec.ref.name}), short otherwise.
   */
  public static String of(GitReference requested, String referenceName, String hash) {
    return requested.kind() == GitReference.Kind.NAME
        ? absoluteForm(referenceName, hash)
        : shortForm(referenceName, hash);
  }

  /**
   * The commit hash inside a revision string, in any of Flux's current or legacy forms: {@code
   * main@sha1:<hex>}, {@code sha1:<hex>}, {@code main/<hex>} or a bare hash; {@code null} if there
   * is none.
   */
  public static String hashOf(String revision) {
    if (revision == null || revision.isEmpty()) {
      return null;
    }
    String tail = revision;
    int at = tail.lastIndexOf('@');
    if (at >= 0) {
      tail = tail.substring(at + 1);
    }
    int colon = tail.indexOf(':');
    if (colon >= 0) {
      tail = tail.substring(colon + 1);
    } else {
      int slash = tail.lastIndexOf('/');
      if (slash >= 0) {
        tail = tail.substring(slash + 1);
      }
    }
    return HEX.matcher(tail).matches() ? tail : null;
  }

  /**
   * Rewrites the legacy {@code <branch>/<hex>} form into {@code <branch>@sha1:<hex>}, as Flux's
   * TransformRevision; other forms are returned unchanged.
   */
  public static String normalize(String revision) {
    if (revision == null
        || revision.isEmpty()
        || revision.contains("@")
        || revision.contains(":")) {
      return revision;
    }
    int slash = revision.lastIndexOf('/');
    if (slash < 0) {
      return HEX.matcher(revision).matches() ? digest(revision) : revision;
    }
    String hash = revision.substring(slash + 1);
    if (!HEX.matcher(hash).matches()) {
      return revision;
    }
    return revision.substring(0, slash) + "@" + digest(hash);
  }
}
