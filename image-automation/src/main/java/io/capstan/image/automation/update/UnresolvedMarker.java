package io.capstan.image.automation.update;

/**
 * A setter marker the update could not apply. Flux skips such markers silently; Capstan reports
 * them so an automation can say which marker names a policy that does not exist (or has no latest
 * image yet) instead of guessing.
 *
 * @param file the file, relative to the update root
 * @param line 1-based line of the marked scalar
 * @param setter the setter the marker names, e.g. {@code flux-system:app:tag}
 * @param reason why it was not applied, e.g. {@code no ImagePolicy 'flux-system/app' with a latest
 *     image}
 */
public record UnresolvedMarker(String file, int line, String setter, String reason) {

  /** {@code file:line: setter: reason}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + setter + ": " + reason;
  }
}
