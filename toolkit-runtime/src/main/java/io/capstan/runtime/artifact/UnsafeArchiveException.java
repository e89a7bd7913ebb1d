package io.capstan.runtime.artifact;

/**
 * An archive was refused during extraction. The whole extraction fails (nothing partial is left for
 * the caller to use) and the message names the offending entry and the rule it broke.
 */
public class UnsafeArchiveException extends ArtifactFetchException {
  private static final long serialVersionUID = 1L;

  /** The rule an archive broke. */
  public enum Violation {
    /** An entry name is absolute ({@code /etc/x}, {@code C:/x}, {@code \\server\x}). */
    ABSOLUTE_PATH,
    /** An entry name has a {@code ..} segment, so it could land outside the target directory. */
    PATH_TRAVERSAL,
    /** An entry name is empty, contains NUL or a backslash, or is otherwise unusable. */
    INVALID_NAME,
    /** The total uncompressed size of the entries exceeds the configured limit. */
    SIZE_LIMIT,
    /** The archive has more entries than the configured limit. */
    ENTRY_LIMIT,
    /** An entry type that cannot be extracted safely and is not simply skippable. */
    UNSUPPORTED_ENTRY,
    /** The bytes are not a well-formed gzip-compressed tar stream. */
    MALFORMED
  }

  private final Violation violation;
  private final String entryName;

  /**
   * The archive broke {@code violation} at {@code entryName} ({@code null} when no entry is
   * concerned, e.g. a corrupt gzip stream).
   */
  public UnsafeArchiveException(Violation violation, String entryName, String detail) {
    super(message(violation, entryName, detail));
    this.violation = violation;
    this.entryName = entryName;
  }

  /** Same as {@link #UnsafeArchiveException(Violation, String, String)} with a cause. */
  public UnsafeArchiveException(
      Violation violation, String entryName, String detail, Throwable cause) {
    super(message(violation, entryName, detail), cause);
    this.violation = violation;
    this.entryName = entryName;
  }

  /** Which rule was broken. */
  public Violation violation() {
    return violation;
  }

  /** The raw name of the offending entry as stored in the archive, or {@code null}. */
  public String entryName() {
    return entryName;
  }

  private static String message(Violation violation, String entryName, String detail) {
    String where = entryName == null ? "" : " at entry '" + entryName + "'";
    return "unsafe archive (" + violation + ")" + where + ": " + detail;
  }
}
