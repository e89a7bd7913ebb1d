package io.capstan.source.helm;

import java.nio.file.Path;

/**
 * A file downloaded from a chart repository.
 *
 * @param path where the bytes were written
 * @param size the number of bytes
 * @param sha256 the lowercase hex SHA-256 of the bytes
 */
public record Download(Path path, long size, String sha256) {

  /** {@code sha256:<hex>}: the index revision / artifact digest format. */
  public String digest() {
    return "sha256:" + sha256;
  }
}
