package io.capstan.notification.receiver;

/** A webhook call refused before anything is triggered, with the HTTP status to answer. */
public final class WebhookRejection extends Exception {

  private final int status;

  /** Refused with {@code status} because of {@code message} (never containing the token). */
  public WebhookRejection(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 401 for a bad signature or token, 400 for a malformed body or an event not allowed. */
  public int status() {
    return status;
  }
}
