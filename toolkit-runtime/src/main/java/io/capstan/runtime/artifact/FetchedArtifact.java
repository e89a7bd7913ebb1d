package io.capstan.runtime.artifact;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A verified artifact extracted into a private temporary directory. Closing it deletes the
 * directory and everything in it; use it in try-with-resources.
 */
public final class FetchedArtifact implements AutoCloseable {

  private final Path workDir;
  private final Path root;
  private final String url;
  private final ArtifactDigest digest;
  private final long archiveBytes;
  private final ArchiveExtractor.Summary extraction;
  private boolean closed;

  FetchedArtifact(
      Path workDir,
      Path root,
      String url,
      ArtifactDigest digest,
      long archiveBytes,
      ArchiveExtractor.Summary extraction) {
    this.workDir = workDir;
    this.root = root;
    this.url = url;
    this.digest = digest;
    this.archiveBytes = archiveBytes;
    this.extraction = extraction;
  }

  /** The directory holding the extracted content (valid until {@link #close()}). */
  public Path root() {
    return root;
  }

  /** The URL the artifact was downloaded from (after any host override). */
  public String url() {
    return url;
  }

  /** The verified digest of the downloaded archive. */
  public ArtifactDigest digest() {
    return digest;
  }

  /** Size of the downloaded (compressed) archive in bytes. */
  public long archiveBytes() {
    return archiveBytes;
  }

  /** What the extraction wrote and skipped. */
  public ArchiveExtractor.Summary extraction() {
    return extraction;
  }

  /** Deletes the temporary directory; idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      FileTree.deleteIfExists(workDir);
    }
  }
}
