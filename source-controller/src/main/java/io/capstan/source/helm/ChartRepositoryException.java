package io.capstan.source.helm;

/**
 * A failed chart repository operation, typed so a reconciler can map it to a Flux reason with one
 * {@code switch}. Messages are safe for conditions and events: URLs are written without user info
 * and credentials never appear.
 */
public abstract sealed class ChartRepositoryException extends Exception {

  private static final long serialVersionUID = 1L;

  ChartRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether retrying the same request later may succeed (network faults, 5xx, 429). */
  public boolean transientFailure() {
    return false;
  }

  /** The repository URL or a chart URL is not a valid http(s) URL. */
  public static final class InvalidUrl extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    InvalidUrl(String message) {
      super(message, null);
    }
  }

  /** The server could not be reached, timed out, or broke the connection. */
  public static final class Unreachable extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean transientFailure() {
      return true;
    }
  }

  /** The server answered with a non-success HTTP status. */
  public static final class HttpStatus extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpStatus(String message, int status) {
      super(message, null);
      this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
      return status;
    }

    /** 401 or 403: the credentials are missing or refused. */
    public boolean authenticationFailure() {
      return status == 401 || status == 403;
    }

    @Override
    public boolean transientFailure() {
      return status >= 500 || status == 429 || status == 408;
    }
  }

  /** The index or chart is larger than the configured limit. */
  public static final class TooLarge extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null);
    }
  }

  /** The index does not parse or is not a Helm repository index. */
  public static final class InvalidIndex extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    InvalidIndex(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The index has no chart of the requested name (Helm's {@code ErrNoChartName}). */
  public static final class ChartNotFound extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    ChartNotFound(String message) {
      super(message, null);
    }
  }

  /** No version of the chart satisfies the constraint, or the constraint does not parse. */
  public static final class NoMatchingVersion extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    NoMatchingVersion(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A downloaded chart's SHA-256 is not the index entry's {@code digest}. */
  public static final class DigestMismatch extends ChartRepositoryException {
    private static final long serialVersionUID = 1L;

    DigestMismatch(String message) {
      super(message, null);
    }
  }
}
