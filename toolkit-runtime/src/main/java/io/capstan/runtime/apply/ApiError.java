package io.capstan.runtime.apply;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.regex.Pattern;

/** Reads API server errors: the server's own message and whether a field is immutable. */
final class ApiError {

  private static final Pattern IMMUTABLE =
      Pattern.compile(
          "field is immutable|is immutable|immutable field|may not change once set|cannot be changed"
              + "|updates to [a-z]+ spec for fields other than",
          Pattern.CASE_INSENSITIVE);

  private ApiError() {}

  /** True for a 422 whose message says a field cannot be changed in place. */
  static boolean isImmutable(KubernetesClientException e) {
    return e.getCode() == 422 && IMMUTABLE.matcher(message(e)).find();
  }

  /** {@code (Reason): message} from the server's Status, else the client's message. */
  static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null) {
      String reason = status.getReason() == null ? "" : "(" + status.getReason() + "): ";
      return reason + status.getMessage();
    }
    return e.getMessage();
  }

  private static String message(KubernetesClientException e) {
    Status status = e.getStatus();
    return status != null && status.getMessage() != null
        ? status.getMessage()
        : String.valueOf(e.getMessage());
  }
}
