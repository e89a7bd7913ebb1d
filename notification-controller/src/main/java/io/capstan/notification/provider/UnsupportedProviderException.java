package io.capstan.notification.provider;

/**
 * A Provider that cannot send: its type is not implemented yet ({@link #notSupported}) or its
 * settings are invalid (no address, a bad URL, a missing token). Carries a Flux-style reason.
 */
public final class UnsupportedProviderException extends Exception {

  /** Reason of a type Capstan does not implement yet. */
  public static final String NOT_SUPPORTED = "ProviderNotSupported";

  /** Reason of invalid Provider settings. */
  public static final String INVALID = "InvalidProvider";

  private final String reason;

  /** A failure with {@code reason} and {@code message}. */
  public UnsupportedProviderException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The Provider type is not implemented yet. */
  public static UnsupportedProviderException notSupported(String type) {
    return new UnsupportedProviderException(
        NOT_SUPPORTED, "provider type '" + type + "' is not supported yet by Capstan");
  }

  /** The Flux-style reason. */
  public String reason() {
    return reason;
  }
}
