package io.capstan.runtime.kube;

/**
 * The API server refused a write because the object changed since it was read (HTTP 409 on an
 * optimistic-lock precondition). Callers re-read the object and try again.
 */
public class ResourceConflictException extends RuntimeException {

  /** A conflict on the named object. */
  public ResourceConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
