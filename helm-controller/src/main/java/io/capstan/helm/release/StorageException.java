package io.capstan.helm.release;

/** A release storage failure (already exists, not found, API server error, undecodable record). */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
